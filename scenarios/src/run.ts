// A journey is a list of named steps. Each prints a progress line as it starts and ends; the run
// ends with a summary, and the first failing step stops the journey.

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export class JourneyFailed extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'JourneyFailed';
  }
}

export class JourneyRun {
  readonly results: StepResult[] = [];

  constructor(
    readonly title: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.log(`  … ${name}`);
    const started = performance.now();
    try {
      const value = await fn();
      const ms = performance.now() - started;
      this.results.push({ name, ok: true, ms });
      this.log(`  ✔ ${name} (${Math.round(ms)} ms)`);
      return value;
    } catch (err) {
      const ms = performance.now() - started;
      const error = err instanceof Error ? err.message : String(err);
      this.results.push({ name, ok: false, ms, error });
      this.log(`  ✘ ${name} (${Math.round(ms)} ms): ${error}`);
      throw new JourneyFailed(name, err);
    }
  }

  get ok(): boolean {
    return this.results.every((r) => r.ok);
  }

  get totalMs(): number {
    return this.results.reduce((sum, r) => sum + r.ms, 0);
  }

  summary(): string {
    const passed = this.results.filter((r) => r.ok).length;
    const verdict = this.ok ? 'completed' : 'FAILED';
    return `${this.title}: ${verdict} — ${passed}/${this.results.length} steps in ${(this.totalMs / 1000).toFixed(1)} s`;
  }
}

/** Fails a step with a message that says what was expected and what came. */
export function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
