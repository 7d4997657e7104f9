import { expect } from 'chai';
import { cleanText, listTokens, textTokens, type TextPreparation } from '../../src/data/text-tokens.js';
import { TokenVocabulary, UNKNOWN_TOKEN } from '../../src/data/token-vocabulary.js';

const book: TextPreparation = { tokens: 'characters', stripAccents: true, lowerCase: true, keep: "abcdefghijklmnopqrstuvwxyz ,'" };
const none: TextPreparation = { tokens: 'characters', stripAccents: false, lowerCase: false };

describe('text preparation', () => {
  it('the book\'s: NFD with combining marks removed, lower case, then only its alphabet', () => {
    expect(cleanText('Müller', book)).to.equal('muller');
    expect(cleanText('Ślusarczyk', book)).to.equal('slusarczyk');
    expect(cleanText('Nguyễn', book)).to.equal('nguyen');
    expect(cleanText("O'Brien-Smith", book)).to.equal("o'briensmith");
    // A precomposed and a decomposed "é" come out the same.
    expect(cleanText('Beringer'.replace('e', '\u00e9'), book)).to.equal(cleanText('Beringer'.replace('e', 'e\u0301'), book));
    // "ß" has no decomposition, and the alphabet drops it; "Ø" is no base letter with a mark either.
    expect(cleanText('Großmann', book)).to.equal('gromann');
    expect(cleanText('Østergaard', book)).to.equal('stergaard');
  });

  it('each step apart: accents only, lower case only, nothing', () => {
    expect(cleanText('Müller', { ...none, stripAccents: true })).to.equal('Muller');
    expect(cleanText('Müller', { ...none, lowerCase: true })).to.equal('müller');
    expect(cleanText('Müller', none)).to.equal('Müller');
    expect(textTokens('Müller', none)).to.deep.equal(['M', 'ü', 'l', 'l', 'e', 'r']);
  });

  it('characters are code points; words split on white space; listed tokens are cleaned one by one, empty ones dropped', () => {
    expect(textTokens('a😀b', none)).to.deep.equal(['a', '😀', 'b']);
    expect(textTokens('  the Cat\tsat ', { ...none, tokens: 'words', lowerCase: true })).to.deep.equal(['the', 'cat', 'sat']);
    expect(listTokens(['Él', '!!', 'b'], { ...book, keep: 'abcdefghijklmnopqrstuvwxyz' })).to.deep.equal(['el', 'b']);
  });

  it('a vocabulary in code-point order, whatever the order tokens came in; <unk> is −1', () => {
    const v = TokenVocabulary.fit([['b', 'a'], ['c', 'a', ' ']]);
    expect(v.tokens).to.deep.equal([' ', 'a', 'b', 'c']);
    expect(Array.from(v.encode(['c', 'z', 'a']))).to.deep.equal([3, UNKNOWN_TOKEN, 1]);
    expect(() => new TokenVocabulary(['a', 'a'])).to.throw(/twice/);
  });
});
