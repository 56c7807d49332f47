/**
 * Paces case starts at a fixed rate (--rate): case i starts no earlier than i / rate seconds after the first.
 * Without a rate every case starts as soon as a lane is free (the concurrency alone limits the load).
 */
export function createPacer(ratePerSecond?: number): (index: number) => Promise<void> {
  let t0: number | undefined;
  return async (index) => {
    if (!ratePerSecond) return;
    t0 ??= Date.now();
    const wait = t0 + (index * 1000) / ratePerSecond - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
}
