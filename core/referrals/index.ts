/** Referral rules (REF-1, ONCE-1): the sections a referral carries and its state machine. */
export * from './sections';
export * from './states';
