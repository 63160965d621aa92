import { type Dirent, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The faces of DejaVu Sans a figure can ask for: regular first, then bold and the obliques. */
const DEJAVU_SANS_FACES = [
  'DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique.ttf',
  'DejaVuSans-BoldOblique.ttf',
];

/** Where fonts are installed on Linux, macOS and Windows (the folders resvg's own search covers). */
function fontFolders(): string[] {
  const home = homedir();
  if (process.platform === 'win32') return [join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts')];
  if (process.platform === 'darwin')
    return ['/System/Library/Fonts', '/Library/Fonts', join(home, 'Library/Fonts')];
  return [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    join(home, '.local/share/fonts'),
    join(home, '.fonts'),
  ];
}

let found: string[] | null | undefined;

/**
 * Paths of the installed DejaVu Sans faces (regular first), or null when DejaVu Sans is not
 * installed. The folders are searched once per process: resvg parses every font it is given for
 * each picture, and handing it only these files instead of all system fonts makes a picture
 * ~20× cheaper on a machine with a few dozen fonts (far more on a desktop with thousands).
 */
export function dejaVuSansFiles(): string[] | null {
  if (found !== undefined) return found;
  const byName = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory() && depth < 4) walk(path, depth + 1);
      else if (DEJAVU_SANS_FACES.includes(e.name) && !byName.has(e.name)) byName.set(e.name, path);
    }
  };
  for (const folder of fontFolders()) walk(folder, 0);
  found = byName.has(DEJAVU_SANS_FACES[0]!)
    ? DEJAVU_SANS_FACES.flatMap((name) => byName.get(name) ?? [])
    : null;
  return found;
}
