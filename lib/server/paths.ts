/** The project folder: where prisma/ and data/ live. The CLI chdirs here before running. */
export function projectRoot(): string {
  return process.env.CANDOR_ROOT || process.cwd();
}
