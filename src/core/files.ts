/** File-descriptor handling the stages that read and write files by descriptor share. */
import { closeSync } from 'node:fs';

/**
 * Closes `fd`, ignoring a failure: for the paths where what the file was opened for is done or abandoned already (a
 * page read, or its finding written; a file being removed), and a failed close changes nothing.
 */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing was left to do with the file
  }
}
