/**
 * RTP receive ports a phone hands out in OpenReceiveChannelAck: even numbers from 16384 (the
 * port a real 7912 answered with, the real CallManager 4.1 sequences of pyskinny's fixtures frame 155), RTCP taking the odd
 * port above; freed ports are reused lowest first.
 */
export class StationMediaPorts {
  private readonly inUse = new Set<number>();

  constructor(
    private readonly first = 16384,
    private readonly last = 32766,
  ) {}

  /** The lowest free even port, or undefined when the range is exhausted. */
  allocate(): number | undefined {
    for (let port = this.first; port <= this.last; port += 2) {
      if (!this.inUse.has(port)) {
        this.inUse.add(port);
        return port;
      }
    }
    return undefined;
  }

  release(port: number): void {
    this.inUse.delete(port);
  }

  releaseAll(): void {
    this.inUse.clear();
  }

  get allocated(): number {
    return this.inUse.size;
  }
}
