/** Case management rules (issue 3 part 6): vocabularies, plan states, closure checklist. */
export * from './vocabularies';
export * from './plan';
export * from './closure';
export * from './status';
