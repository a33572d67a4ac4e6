import { describe, expect, it } from 'vitest';
import { parseScore } from './parse-score';

describe('parseScore', () => {
  it.each([
    ['5', 'csat', 5],
    [' 1 ', 'csat', 1],
    ['cinco', 'csat', 5],
    ['Cuatro!', 'csat', 4],
    ['le pongo un cinco', 'csat', 5],
    ['un 4', 'csat', 4],
    ['una', 'csat', 1],
    ['5 de 5', 'csat', 5],
    ['10/10', 'nps', 10],
    ['0', 'nps', 0],
    ['diez', 'nps', 10],
    ['nueve, muy buena', 'nps', 9],
  ] as const)('%j on %s → %d', (answer, scale, score) => {
    expect(parseScore(answer, scale)).toBe(score);
  });

  it.each([
    ['', 'csat'],
    ['excelente', 'csat'],
    ['0', 'csat'],
    ['6', 'csat'],
    ['diez', 'csat'],
    ['4 de 5', 'csat'],
    ['entre 7 y 8', 'nps'],
    ['11', 'nps'],
    ['100', 'nps'],
    ['constructor', 'nps'],
  ] as const)('%j on %s is not a score', (answer, scale) => {
    expect(parseScore(answer, scale)).toBeNull();
  });
});
