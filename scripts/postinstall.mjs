// After `npm ci`: generate both Prisma clients and bundle the command line, so `npx candor` works at once.
import { generate } from './prisma-generate.mjs';
import { bundle } from './bundle.mjs';

generate();
await bundle();
console.log('candor: Prisma clients generated, command line bundled');
