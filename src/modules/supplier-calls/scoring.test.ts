import { byRank, compareMeans, hundredthsOf, hundredthsOfInput, meetsPassingScore, scoreKey } from './scoring';

const app = (id: string, reviewPoints: number, reviewCount: number, at = '2026-03-01T00:00:00Z') => ({ id, reviewPoints, reviewCount, submittedAt: new Date(at) });

describe('R18: scores compared exactly', () => {
  it('compares means as fractions: 2/3 vs 4/6 are equal, 1/3 beats 33/100', () => {
    expect(compareMeans({ reviewPoints: 2, reviewCount: 3 }, { reviewPoints: 4, reviewCount: 6 })).toBe(0);
    expect(compareMeans({ reviewPoints: 1, reviewCount: 3 }, { reviewPoints: 33, reviewCount: 100 })).toBe(1);
  });

  it('ranks ties by earlier submission, then lower id', () => {
    const ranked = [app('3', 170, 2, '2026-03-02T00:00:00Z'), app('2', 255, 3, '2026-03-01T00:00:00Z'), app('1', 170, 2, '2026-03-02T00:00:00Z'), app('4', 171, 2)];
    expect(ranked.sort(byRank).map((a) => a.id)).toEqual(['4', '2', '1', '3']);
  });

  it('meets the passing score in hundredths: 70.5 is met by 141/2, not by 140/2', () => {
    expect(meetsPassingScore({ reviewPoints: 141, reviewCount: 2 }, hundredthsOf('70.50'))).toBe(true);
    expect(meetsPassingScore({ reviewPoints: 140, reviewCount: 2 }, hundredthsOf('70.50'))).toBe(false);
  });

  it('reads inputs with at most two decimals only', () => {
    expect(hundredthsOfInput(70.1)).toBe(7010n);
    expect(hundredthsOfInput(70)).toBe(7000n);
    expect(hundredthsOfInput(70.125)).toBeNull();
    expect(hundredthsOfInput(-1)).toBe(-100n);
  });

  it('gives equal means equal ordering keys and different means different keys', () => {
    expect(scoreKey({ reviewPoints: 2, reviewCount: 3 }, 2)).toBe(scoreKey({ reviewPoints: 4, reviewCount: 6 }, 2));
    expect(scoreKey({ reviewPoints: 1999, reviewCount: 19 }, 2)! > scoreKey({ reviewPoints: 1894, reviewCount: 18 }, 2)!).toBe(1999 / 19 > 1894 / 18);
    expect(scoreKey({ reviewPoints: 100, reviewCount: 1 }, 2)).toBeNull();
  });
});
