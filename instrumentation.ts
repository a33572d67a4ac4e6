/** Runs once when a Next server starts: a misconfigured production server stops here, not on the first request. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkEnvironmentAtStartup } = await import('./server/startup-check');
    checkEnvironmentAtStartup();
  }
}
