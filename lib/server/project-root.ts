/** Candor's own folder: the code, prisma/ and the build. The CLI chdirs here before running. */
export function projectRoot(): string {
  return process.env.CANDOR_ROOT || process.cwd();
}
