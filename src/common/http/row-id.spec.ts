import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { pathRowId, rowId } from './row-id';

describe('rowId', () => {
  it('reads plain decimal ids from 1 to the largest serial', () => {
    assert.equal(rowId('1'), 1);
    assert.equal(rowId('0042'), 42);
    assert.equal(rowId('2147483647'), 2147483647);
  });

  it('names nothing for any other spelling or range', () => {
    for (const raw of [
      '',
      '0',
      '-1',
      '+1',
      ' 1',
      '1 ',
      '1.5',
      '1e3',
      '0x10',
      'NaN',
      'Infinity',
      '2147483648',
      '9999999999',
      '99999999999',
      '١٢٣',
      '１２',
    ]) {
      assert.equal(rowId(raw), null, JSON.stringify(raw));
    }
    assert.equal(rowId(undefined), null);
    assert.equal(rowId(['1']), null);
    assert.equal(rowId(1), null);
  });
});

describe('pathRowId', () => {
  it('answers 400 for what is not a number and 404 for a number no row can have', () => {
    assert.equal(pathRowId('7'), 7);
    for (const raw of ['abc', '-1', '+1', ' 1', '1.5', '1e3', '0x10', '', '__proto__'])
      assert.throws(() => pathRowId(raw), BadRequestException, raw);
    for (const raw of ['0', '2147483648', '99999999999999999999']) assert.throws(() => pathRowId(raw), NotFoundException, raw);
  });
});
