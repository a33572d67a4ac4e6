import { describe, expect, it } from 'vitest';
import { tabKeyTarget } from './tab-keys';

describe('tabKeyTarget', () => {
  it('steps with the arrows of a horizontal tablist and wraps at both ends', () => {
    expect(tabKeyTarget('ArrowRight', 0, 3)).toBe(1);
    expect(tabKeyTarget('ArrowRight', 2, 3)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 1, 3)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 0, 3)).toBe(2);
  });

  it('jumps to the first and last tab with Home and End', () => {
    expect(tabKeyTarget('Home', 2, 4)).toBe(0);
    expect(tabKeyTarget('End', 0, 4)).toBe(3);
  });

  it('leaves the other arrows and keys to the browser', () => {
    expect(tabKeyTarget('ArrowDown', 0, 3)).toBeNull();
    expect(tabKeyTarget('ArrowUp', 0, 3)).toBeNull();
    expect(tabKeyTarget('Enter', 0, 3)).toBeNull();
    expect(tabKeyTarget('a', 0, 3)).toBeNull();
  });

  it('uses up and down in a vertical tablist', () => {
    expect(tabKeyTarget('ArrowDown', 0, 3, 'vertical')).toBe(1);
    expect(tabKeyTarget('ArrowUp', 0, 3, 'vertical')).toBe(2);
    expect(tabKeyTarget('ArrowRight', 0, 3, 'vertical')).toBeNull();
  });

  it('has nowhere to go without tabs', () => {
    expect(tabKeyTarget('ArrowRight', 0, 0)).toBeNull();
    expect(tabKeyTarget('Home', 0, 0)).toBeNull();
  });
});
