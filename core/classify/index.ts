/** GBVIMS classification: types, questions, acts, contexts and their texts (DESIGN capability 1). */
export * from './gbv-types';
export * from './questions';
export * from './acts';
export * from './classify';
export * from './contexts';
export * from './messages';
