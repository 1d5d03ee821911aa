import { jest } from '@jest/globals';

// `testTimeout` is a global Jest option (ignored inside `projects`): real servers need longer than 5 s for hooks too.
jest.setTimeout(120_000);
