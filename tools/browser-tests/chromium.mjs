// Debian's chromium as the browser tests launch it: its path (CHROMIUM_PATH to change), the flags
// every launch uses, and the flags that give headless webgl and webgpu a device here (SwiftShader,
// a CPU emulation of a GPU: correct, but its speed says nothing about a real GPU).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const COMMON_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SWIFTSHADER_WEBGL_FLAGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export const SWIFTSHADER_WEBGPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  ...SWIFTSHADER_WEBGL_FLAGS,
];
