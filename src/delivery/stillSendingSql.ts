/**
 * The SQL condition that a message (aliased `m`) found by id is still `sending`. Written as `is true`
 * so that no plan answers it from `messages_sending_index` (partial: where sending) instead of
 * probing the ids: that index keeps an entry for every row that was ever sending until a vacuum
 * removes it, and a generic plan made while the table was young took it, reading every such row's
 * heap block (863 blocks for a batch of three after 9,000 sends, growing with each send).
 */
export const stillSending = "(m.status = 'sending') is true";
