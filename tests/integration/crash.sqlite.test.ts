import { crashSafety } from './crash-suite';

// SQLite's half of the crash cases (crash-suite.ts); the two halves run side by side.
crashSafety('sqlite');
