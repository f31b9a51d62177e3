import { isAbsolute, join } from 'node:path';
import { projectRoot } from './project-root';

/** The file path inside a SQLite URL (file:./data/candor.db), relative paths taken from the project folder. */
export function sqliteFilePath(url: string): string {
  const path = url.replace(/^file:(\/\/)?/, '').replace(/\?.*$/, '');
  if (path === ':memory:' || isAbsolute(path)) return path;
  return join(projectRoot(), path);
}
