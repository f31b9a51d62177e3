import { crashSafety } from './crash-suite';

// PostgreSQL's half of the crash cases (crash-suite.ts); the two halves run side by side.
crashSafety('postgresql');
