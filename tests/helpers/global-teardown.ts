/** Jest global teardown: removes the run's temporary folder (see ./global-setup.ts). */
import fs from 'node:fs';

export default function globalTeardown(): void {
  const root = process.env.DUPGRAF_TEST_TMPDIR;
  if (root === undefined) return;
  // Tests make some entries unreadable on purpose: give the owner access back before removing.
  const reopen = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = `${dir}/${entry.name}`;
      try {
        fs.chmodSync(full, 0o700);
        reopen(full);
      } catch {
        // Left for rmSync to report.
      }
    }
  };
  try {
    reopen(root);
    fs.rmSync(root, { recursive: true, force: true });
  } catch (error) {
    console.warn(`could not remove the tests' temporary folder ${root}: ${String(error)}`);
  }
}
