/** Runs once when the server starts: migrate the database, then start the in-process worker. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ boot }, { registerUnavailable }, { keepRunningOnStrayRejections }] = await Promise.all([
    import("./lib/boot"),
    import("./lib/http/unavailable"),
    import("./lib/log"),
  ]);
  keepRunningOnStrayRejections();
  registerUnavailable();
  await boot();
}
