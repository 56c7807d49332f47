/**
 * Secret files in `<dataDir>/keys` for the embedded local setup: directory 0700, files 0600. The worker, the
 * bridge and the API start together and would otherwise race to create the same key, each keeping a different
 * one, so creation is exclusive and atomic (write a temporary file, then hard-link it into place: whoever links
 * first wins and everyone reads the winner's file).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function keysDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

function ensureKeysDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
}

function writeTemp(file: string, content: string): string {
  const tmp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  return tmp;
}

/** Reads the file, tightening a looser mode to 0600; creates it with `create()` if it does not exist yet. */
export function readOrCreateSecretFile(file: string, create: () => string): string {
  ensureKeysDir(path.dirname(file));
  if (!fs.existsSync(file)) {
    const tmp = writeTemp(file, create());
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.unlinkSync(tmp);
    }
  }
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return fs.readFileSync(file, 'utf8');
}

/** Replaces the file's content atomically (rename), keeping mode 0600. */
export function replaceSecretFile(file: string, content: string): void {
  ensureKeysDir(path.dirname(file));
  fs.renameSync(writeTemp(file, content), file);
}
