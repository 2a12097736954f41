//! Nesting of byte ranges: parent links and innermost-container lookups in
//! O(depth), instead of scanning every range per query.

/// Ranges sorted in pre-order (start ascending, end descending), with parents.
#[derive(Debug)]
pub(crate) struct Nesting {
    ranges: Vec<(usize, usize)>,
    parents: Vec<Option<usize>>,
}

impl Nesting {
    /// `ranges` must be sorted by start ascending, then end descending, and
    /// must nest (tree-sitter node ranges do).
    pub fn new(ranges: Vec<(usize, usize)>) -> Self {
        let mut parents = Vec::with_capacity(ranges.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, &(start, end)) in ranges.iter().enumerate() {
            while let Some(&top) = stack.last() {
                let (ts, te) = ranges[top];
                if ts <= start && end <= te {
                    break;
                }
                stack.pop();
            }
            parents.push(stack.last().copied());
            stack.push(i);
        }
        Nesting { ranges, parents }
    }

    pub fn range(&self, i: usize) -> (usize, usize) {
        self.ranges[i]
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parents[i]
    }

    /// The innermost range that contains `[start, end)`, skipping `exclude`.
    pub fn innermost(&self, start: usize, end: usize, exclude: Option<usize>) -> Option<usize> {
        let last_before = self.ranges.partition_point(|&(s, _)| s <= start);
        let mut at = last_before.checked_sub(1)?;
        loop {
            let (s, e) = self.ranges[at];
            if Some(at) != exclude && s <= start && end <= e {
                return Some(at);
            }
            at = self.parents[at]?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_innermost_container() {
        // 0:[0,100) 1:[10,50) 2:[20,30) 3:[60,90)
        let n = Nesting::new(vec![(0, 100), (10, 50), (20, 30), (60, 90)]);
        assert_eq!(n.parent(3), Some(0));
        assert_eq!(n.innermost(22, 25, None), Some(2));
        assert_eq!(n.innermost(40, 41, None), Some(1));
        assert_eq!(n.innermost(55, 56, None), Some(0));
        assert_eq!(n.innermost(20, 30, Some(2)), Some(1));
        assert_eq!(n.innermost(95, 120, None), None);
    }
}
