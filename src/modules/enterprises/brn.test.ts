import { brnCheckDigit, formatBrn, parseBrn } from './brn';

describe('R1: business registration number', () => {
  // 220-81-62517 is a published example number whose check digit is 7.
  it('R1: computes the check digit with weights 1,3,7,1,3,7,1,3,5 and the ⌊d9·5/10⌋ term', () => {
    expect(brnCheckDigit('220816251')).toBe(7);
    // d9 = 9 exercises the carry term: ⌊9·5/10⌋ = 4.
    const d = [1, 0, 1, 8, 1, 0, 0, 0, 9];
    const s = [1, 3, 7, 1, 3, 7, 1, 3, 5].reduce((sum, w, i) => sum + d[i] * w, 0) + Math.floor((9 * 5) / 10);
    expect(brnCheckDigit('101810009')).toBe((10 - (s % 10)) % 10);
  });

  it('R1: accepts the number with or without dashes and returns ten digits', () => {
    expect(parseBrn('220-81-62517')).toBe('2208162517');
    expect(parseBrn('2208162517')).toBe('2208162517');
    expect(parseBrn(' 220-81-62517 ')).toBe('2208162517');
  });

  it('R1: rejects a wrong check digit', () => {
    for (let wrong = 0; wrong <= 9; wrong += 1) {
      if (wrong === 7) continue;
      expect(parseBrn(`220816251${wrong}`)).toBeNull();
    }
  });

  it('R1: rejects wrong shapes', () => {
    for (const bad of ['', '220-8162517', '22081-62517', '220816251', '22081625177', '220-81-6251a', '２２０８１６２５１７', '220 81 62517']) {
      expect(parseBrn(bad)).toBeNull();
    }
  });

  it('R1: every first nine digits have exactly one valid tenth digit', () => {
    for (let n = 0; n < 2000; n += 1) {
      const nine = String(101000000 + n * 4513).padStart(9, '0').slice(0, 9);
      const valid = [...Array(10).keys()].filter((d) => parseBrn(`${nine}${d}`) !== null);
      expect(valid).toEqual([brnCheckDigit(nine)]);
    }
  });

  it('R1: formats as 000-00-00000', () => {
    expect(formatBrn('2208162517')).toBe('220-81-62517');
  });
});
