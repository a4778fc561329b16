import { describe, expect, it } from 'vitest';
import { addDays, addYears, daysBetween, osloDate, parseIsoDate } from '../src/claims/calendar.js';

describe('calendar', () => {
  it('accepts only real dates written yyyy-mm-dd', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2024-13-01')).toBeNull();
    expect(parseIsoDate('2024-1-01')).toBeNull();
    expect(parseIsoDate('2024-01-01T00:00:00Z')).toBeNull();
    expect(parseIsoDate('01.01.2024')).toBeNull();
  });

  it('adds days and years across month, year and leap-day boundaries', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-01-01', 1)).toBe('2025-01-01');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('takes today as the date in Norway', () => {
    expect(osloDate(Date.parse('2026-01-01T23:30:00Z'))).toBe('2026-01-02');
    expect(osloDate(Date.parse('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(osloDate(Date.parse('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});
