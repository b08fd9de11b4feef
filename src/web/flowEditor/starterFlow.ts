/** What a new flow starts from in the console's editor: the smallest flow that validates. */
export const starterFlow = `blueprint:
  key: my-journey
  title: My journey
  purpose: What this journey teaches, in one sentence.
  defaultLanguage: en
  languages: [en]
  version: "1.0"

phases:
  - key: main
    title: { en: Main }
    touchpoints:
      - key: hello
        type: text
        text: { en: "Hi {{first_name}}! Here is today's tip." }
      - key: check
        type: quiz
        text: { en: "Which one is right?" }
        options:
          - id: right
            text: { en: The right one }
            correct: true
          - id: wrong
            text: { en: The wrong one }
      - key: done
        type: text
        text: { en: "Thanks, see you tomorrow." }
`;
