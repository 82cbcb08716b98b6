// Unit tests reach no emulator and no AWS: whatever endpoints the integration project's
// global setup put into the environment (vitest starts every worker from the same process)
// are removed before a test file imports a module that builds an AWS client.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('AWS_ENDPOINT_URL') || name.startsWith('PARKSTATS_')) delete process.env[name];
}
