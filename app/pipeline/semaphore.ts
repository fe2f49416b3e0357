/** A counting semaphore (bounded concurrency) whose size can change while in use. */
export class Semaphore {
  private waiters: Array<() => void> = [];
  private used = 0;
  constructor(private size: number) {}
  get inUse() {
    return this.used;
  }
  get capacity() {
    return this.size;
  }
  resize(size: number) {
    this.size = Math.max(1, size);
    while (this.used < this.size && this.waiters.length) {
      this.used++;
      this.waiters.shift()!();
    }
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.used >= this.size) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.used++;
    try {
      return await fn();
    } finally {
      this.used--;
      this.resize(this.size);
    }
  }
}
