import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { Injectable } from '@nestjs/common';

@Injectable()
class Thing {
  value(): number {
    return 42;
  }
}

describe('toolchain', () => {
  it('loads NestJS 12 under Jest ESM', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [Thing] }).compile();
    expect(moduleRef.get(Thing).value()).toBe(42);
  });
});
