//! Many tasks at once: nothing is lost, no value is torn.

use crate::noise;
use skein_core::storage::Storage;
use std::sync::Arc;

pub async fn concurrent_writers_lose_nothing(s: &Arc<dyn Storage>) {
    const TASKS: usize = 16;
    const KEYS: usize = 40;
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let s = s.clone();
        handles.push(tokio::spawn(async move {
            for k in 0..KEYS {
                let key = format!("task{t}/key{k}");
                let value = noise(64 + k, (t * KEYS + k) as u64);
                s.set(&key, value.clone()).await.unwrap();
                // Read back at once, while the other tasks keep writing.
                assert_eq!(s.get(&key).await.unwrap(), Some(value), "{key}");
                if k % 5 == 0 {
                    s.commit(vec![crate::set_op(&format!("task{t}/batch{k}"), b"b")])
                        .await
                        .unwrap();
                }
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let keys: Vec<String> = (0..TASKS)
        .flat_map(|t| (0..KEYS).map(move |k| format!("task{t}/key{k}")))
        .collect();
    let values = s.get_many(&keys).await.unwrap();
    for (i, (key, value)) in keys.iter().zip(values).enumerate() {
        assert_eq!(value, Some(noise(64 + i % KEYS, i as u64)), "{key}");
    }
    for t in 0..TASKS {
        for k in (0..KEYS).step_by(5) {
            let key = format!("task{t}/batch{k}");
            assert_eq!(s.get(&key).await.unwrap(), Some(b"b".to_vec()), "{key}");
        }
    }
}

pub async fn concurrent_overwrites_never_tear(s: &Arc<dyn Storage>) {
    // Every task writes its own big value to one key; every read sees one whole value.
    const TASKS: u64 = 8;
    let values: Arc<Vec<Vec<u8>>> =
        Arc::new((0..TASKS).map(|t| noise(64 * 1024, 100 + t)).collect());
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let (s, values) = (s.clone(), values.clone());
        handles.push(tokio::spawn(async move {
            for _ in 0..6 {
                s.set("shared", values[t as usize].clone()).await.unwrap();
                let seen = s.get("shared").await.unwrap().expect("present");
                assert!(
                    values.contains(&seen),
                    "read a value no task wrote ({} bytes)",
                    seen.len()
                );
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let last = s.get("shared").await.unwrap().expect("present");
    assert!(values.contains(&last), "final value is torn");
}
