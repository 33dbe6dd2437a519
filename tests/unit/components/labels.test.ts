import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../components/labels';

describe('formatTime', () => {
  it.each([
    [new Date(2025, 5, 1, 21, 11), 'Jun 1, 2025, 9:11 PM'],
    [new Date(2025, 0, 9, 0, 5), 'Jan 9, 2025, 12:05 AM'],
    [new Date(2024, 11, 31, 12, 0), 'Dec 31, 2024, 12:00 PM'],
  ])('shows %s in the browser’s time zone as %s', (date, shown) => {
    expect(formatTime(date.getTime())).toBe(shown);
  });
});
