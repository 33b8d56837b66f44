import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isStarred, type StarFacts } from '../../src/domain/irm.js';

/** The starred rule at each of its boundaries: one condition short of a star is no star. */
describe('starred commitments', () => {
  const star: StarFacts = {
    specificity: 'medium',
    values: ['civic-participation'],
    potentialImpact: 'transformative',
    completion: 'substantial',
    reportYear: 2017,
  };

  test('medium or high specificity, one of the first three values, transformative, substantial or complete: starred', () => {
    assert.equal(isStarred(star), true);
    assert.equal(isStarred({ ...star, specificity: 'high', completion: 'complete' }), true);
    for (const v of ['access-to-information', 'civic-participation', 'public-accountability'] as const)
      assert.equal(isStarred({ ...star, values: [v] }), true, v);
  });

  test('specificity low or none, or unknown: not starred', () => {
    for (const specificity of ['low', 'none', null] as const) assert.equal(isStarred({ ...star, specificity }), false, String(specificity));
  });

  test('relevant to technology and innovation alone, or to no value: not starred', () => {
    assert.equal(isStarred({ ...star, values: ['technology-and-innovation'] }), false);
    assert.equal(isStarred({ ...star, values: [] }), false);
    assert.equal(isStarred({ ...star, values: ['technology-and-innovation', 'public-accountability'] }), true);
  });

  test('potential impact: moderate counts before 2015, only transformative from 2015 on', () => {
    assert.equal(isStarred({ ...star, potentialImpact: 'moderate', reportYear: 2014 }), true);
    assert.equal(isStarred({ ...star, potentialImpact: 'moderate', reportYear: 2015 }), false);
    assert.equal(isStarred({ ...star, potentialImpact: 'transformative', reportYear: 2015 }), true);
    assert.equal(isStarred({ ...star, potentialImpact: 'transformative', reportYear: 2013 }), true);
    assert.equal(isStarred({ ...star, potentialImpact: 'moderate', reportYear: null }), false, 'unknown year: the stricter rule');
    for (const potentialImpact of ['minor', 'none', null] as const)
      assert.equal(isStarred({ ...star, potentialImpact, reportYear: 2013 }), false, String(potentialImpact));
  });

  test("OGP's current formula: only transformative impact counts, whatever the report's year", () => {
    const current = { formula: 'current' } as const;
    assert.equal(isStarred({ ...star, potentialImpact: 'moderate', reportYear: 2014 }, current), false);
    assert.equal(isStarred({ ...star, potentialImpact: 'moderate', reportYear: 2012 }, current), false);
    assert.equal(isStarred({ ...star, potentialImpact: 'transformative', reportYear: 2014 }, current), true);
    assert.equal(isStarred({ ...star, potentialImpact: 'transformative', reportYear: 2015 }, current), true);
    assert.equal(isStarred({ ...star, potentialImpact: 'transformative', reportYear: null }, current), true);
    assert.equal(
      isStarred({ ...star, potentialImpact: 'moderate', reportYear: 2014 }, { formula: 'by-year' }),
      true,
      "the pages' rule is the default",
    );
    assert.equal(isStarred({ ...star, potentialImpact: 'transformative', completion: 'limited' }, current), false);
  });

  test('completion limited, not started, withdrawn, unclear or unknown: not starred', () => {
    for (const completion of ['limited', 'not-started', 'withdrawn', 'unclear', null] as const)
      assert.equal(isStarred({ ...star, completion }), false, String(completion));
  });
});
