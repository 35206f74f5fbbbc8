import cliProgress from 'cli-progress';

/** A progress bar on stderr for long work; silent when stderr is not a terminal or output is JSON. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function startProgress(enabled: boolean, title: string): Progress {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
