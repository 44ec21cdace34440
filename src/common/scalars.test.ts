import { Kind } from 'graphql';
import { MAX_WON, WonScalar } from './scalars';

describe('R14: the Won scalar', () => {
  it('R14: serializes bigint won as an exact decimal string, up to 10^15', () => {
    expect(WonScalar.serialize(0n)).toBe('0');
    expect(WonScalar.serialize(MAX_WON)).toBe('1000000000000000');
    expect(WonScalar.serialize(999_999_999_999_999n)).toBe('999999999999999');
  });

  it('R14: parses decimal strings into bigint without rounding', () => {
    expect(WonScalar.parseValue('150000000')).toBe(150_000_000n);
    expect(WonScalar.parseValue('999999999999999')).toBe(999_999_999_999_999n);
    expect(WonScalar.parseValue('1000000000000000')).toBe(MAX_WON);
    expect(WonScalar.parseLiteral({ kind: Kind.STRING, value: '7000000000' })).toBe(7_000_000_000n);
  });

  it.each([
    ['a negative amount', '-1'],
    ['a fraction', '1.5'],
    ['an exponent', '1e9'],
    ['a leading zero', '0150'],
    ['separators', '150,000,000'],
    ['an empty string', ''],
    ['more than 10^15', '1000000000000001'],
    ['a number instead of a string', 150000000],
    ['a float', 0.1],
  ])('R14: refuses %s', (_name, value) => {
    expect(() => WonScalar.parseValue(value)).toThrow(/Won/);
  });

  it('R14: refuses literals that are not strings', () => {
    expect(() => WonScalar.parseLiteral({ kind: Kind.INT, value: '5' })).toThrow(/decimal string/);
  });

  it('R14: refuses to serialize a float, so no float ever reaches a client as money', () => {
    expect(() => WonScalar.serialize(1.5)).toThrow();
  });
});
