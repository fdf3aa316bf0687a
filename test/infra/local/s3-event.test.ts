import { encodeS3EventKey } from '../../../infra/local/s3-event.js';

describe('encodeS3EventKey', () => {
  // Expected values follow AWS's documented example ("red flower.jpg" -> "red+flower.jpg") and the form encoding
  // (java.net.URLEncoder, UTF-8) S3 applies to each path segment of the key in event notifications.
  it.each([
    ['uploads/C001/export.csv', 'uploads/C001/export.csv'],
    ['red flower.jpg', 'red+flower.jpg'],
    ['a+b.csv', 'a%2Bb.csv'],
    ['été.csv', '%C3%A9t%C3%A9.csv'],
    ['year=2024/q(1)~!.csv', 'year%3D2024/q%281%29%7E%21.csv'],
    ['uploads/C001/snapshot/all runs.csv', 'uploads/C001/snapshot/all+runs.csv'],
    ['dash-under_score.dot*star', 'dash-under_score.dot*star'],
  ])('encodes %j as %j', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
  });
});
