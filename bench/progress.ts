/** One progress line on stderr: rewritten in place on a terminal, a line every few seconds otherwise. */
export function createProgress(): { update(text: string): void; done(text?: string): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let lastText = '';
  return {
    update(text) {
      const now = Date.now();
      lastText = text;
      if (tty) {
        if (now - last < 200) return;
        last = now;
        process.stderr.write(`\r\x1b[K${text}`);
      } else if (now - last >= 5000) {
        last = now;
        process.stderr.write(`${text}\n`);
      }
    },
    done(text) {
      const final = text ?? lastText;
      process.stderr.write(tty ? `\r\x1b[K${final}\n` : `${final}\n`);
      last = 0;
    },
  };
}
