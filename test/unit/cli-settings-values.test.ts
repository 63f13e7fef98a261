// `clipdesk settings set KEY VALUE`: a value as typed is read the way the setting takes it.
import { describe, expect, it } from 'vitest';
import { parseValue } from '../../src-main/cli/commands/settings';

describe('clipdesk settings set values', () => {
  it('reads booleans, numbers, words, auto/off for unset, and HH:MM-HH:MM windows', () => {
    expect(parseValue('publishingPaused', 'on')).toBe(true);
    expect(parseValue('publishingPaused', 'false')).toBe(false);
    expect(parseValue('renderParallel', '3')).toBe(3);
    expect(parseValue('renderEncoder', 'libx264')).toBe('libx264');
    expect(parseValue('requireApproval', 'true')).toBe(true);
    expect(parseValue('requireApproval', 'auto')).toBeNull();
    expect(parseValue('noAnswerRule', 'publish')).toBe('publish');
    expect(parseValue('quietHours', '22:00-07:30')).toEqual({ start: '22:00', end: '07:30' });
    expect(parseValue('quietHours', 'off')).toBeNull();
  });

  it('refuses what the setting does not take, saying so', () => {
    expect(() => parseValue('noAnswerRule', 'maybe')).toThrow(/"maybe" is not a value noAnswerRule takes/);
    expect(() => parseValue('renderParallel', '9')).toThrow(/renderParallel/);
    expect(() => parseValue('quietHours', '25:00-07:00')).toThrow(/quietHours/);
    expect(() => parseValue('publishingPaused', 'perhaps')).toThrow(/publishingPaused/);
  });
});
