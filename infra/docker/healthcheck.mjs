/* global fetch, AbortSignal */
// Container healthcheck (docker-compose.yml): exits 0 when the service in this container answers its health endpoint.
// The image has no curl; Node's fetch does. RCC_HEALTH_PATH picks the endpoint (default /health).
const port = process.env.PORT;
const path = process.env.RCC_HEALTH_PATH ?? '/health';
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
