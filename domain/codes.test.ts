import { CLOSURE_GROUNDS } from './codes';
test('five closure grounds', () => {
  expect(CLOSURE_GROUNDS).toHaveLength(5);
});
