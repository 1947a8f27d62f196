/** Memory figures of this process after full garbage collections (needs --expose-gc). */
export async function memoryAfterGc(): Promise<{ rss: number; heapUsed: number; external: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}
