// A redis-server of its own on a random loopback port, without saving to
// disk: for the Redis tests and benches/storage-scale.mjs. .ci/run installs
// redis-server.
import { spawn, execFileSync } from 'node:child_process'
import { connect } from 'node:net'

/** The redis-server binary, or null when it is not installed. */
export const redisServerPath = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
})()

/** Resolves once something accepts connections on `port`. */
async function listening(port) {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`redis-server did not listen on ${port}`)
}

/** Starts a server; resolves to its `url`, `port` and `stop()` once it listens. */
export async function startRedisServer() {
  if (!redisServerPath) throw new Error('redis-server is not installed')
  const port = 20000 + Math.floor(Math.random() * 20000)
  const server = spawn(redisServerPath, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  try {
    await listening(port)
  } catch (err) {
    server.kill()
    throw err
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => server.kill() }
}
