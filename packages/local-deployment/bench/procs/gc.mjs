// Memory figures of this process after full garbage collections (needs --expose-gc).
// Plain JS like the other server processes, so they run without the tsx loader.

/** @returns {Promise<{rss: number, heapUsed: number, external: number}>} */
export async function memoryAfterGc() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}
