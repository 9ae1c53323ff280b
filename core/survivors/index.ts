/** Survivor profile: age groups and the child flag, default vocabularies, field sensitivity (MIN-1). */
export * from './age';
export * from './vocabularies';
export * from './sensitivity';
