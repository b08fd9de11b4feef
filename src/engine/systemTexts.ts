/**
 * Messages the engine itself sends, outside any blueprint, per language. English is the fallback
 * and defines the keys and their `{placeholders}`: a new key is added here, in every language (the
 * types and tests/engine/systemTexts.test.ts say which are missing); the API, overrides and
 * checks follow from this table. Wording is gender-neutral: it never assumes the worker's gender.
 */
const en = {
  stopConfirmed: 'You will not receive more messages from us. Send START at any time to come back.',
  startConfirmed: 'Welcome back! You will receive your coaching messages again.',
  help: 'To answer, tap an option or send its number or its words. Send PROGRESS to see your score and badges, AGENT to talk to a person, STOP to stop receiving messages, START to come back.',
  nothingActive: 'You have no activity right now: we will write when the next one starts. Send HELP to see what you can do.',
  progress: 'Your progress: {done} steps done, {score} quiz points, {points} points in all; {streak}. Badges: {badges}. Send STREAK to see your streak.',
  noBadges: 'none yet',
  unknownSender: 'Hello! This number is not registered with us yet. To join, send the join code your employer gave you.',
  joined: 'Welcome, {name}! You are now registered.',
  joinFull: 'Hello! We cannot register new members right now. Please ask your employer.',
  joinClosed: 'Hello! This program has ended and takes no new members. Please ask your employer.',
  handoff: 'Thank you. A coach will answer you here as soon as possible.',
  programPaused: 'This program is paused for now. We will pick up where you left off when it resumes.',
  programEnded: 'This program has ended. Thank you for taking part!',
  helpWaiting: 'Nothing to answer for now: your next message comes {when}. Send PROGRESS to see your score and badges, AGENT to talk to a person, STOP to stop receiving messages, START to come back.',
  helpFinished: 'You have finished everything for now: we will write when your next activity starts. Send PROGRESS to see your score and badges, AGENT to talk to a person, STOP to stop receiving messages, START to come back.',
  waitingForNext: 'Thank you! Nothing to answer for now: your next message comes {when}.',
  atTimeToday: 'today at {time}',
  atTimeTomorrow: 'tomorrow at {time}',
  atTimeOn: 'on {date} at {time}',
  rightAnswerWas: "The right answer is: {answer}. Let's move on.",
  movingOn: "Let's move on.",
  badgeAwarded: 'You earned a badge: {badge}! Send PROGRESS to see all your badges.',
  streak: 'Your streak: {streak} (your best: {best}). Freezes left: {freezes}. {today}',
  streakDays: 'days in a row: {count}',
  streakWeeks: 'weeks in a row: {count}',
  streakKeptToday: 'You already kept it this time.',
  streakOpenToday: 'Answer one message to keep it going.',
  streakKept: 'You kept your streak: {streak}! Send STREAK to see it.',
  challengeProgress: '{challenge}: {team} is at {progress} of {goal} so far. Keep going!',
  challengeWinners: '{challenge} is over: {team} reached {progress} of {goal}. You won, well done!',
  challengeEnded: '{challenge} is over: {team} made {progress} of {goal}. Thank you for taking part!',
  challengeTogether: 'everyone together',
  rank: 'You are number {rank} of {total} {place} this week, with {points} points.',
  rankAt: 'at {place}',
  rankEveryone: 'in your organization',
  rankNone: 'You have no points this week yet: answer a message to get on the board.',
  rankOff: 'Ranks are not shared in your organization. Send PROGRESS to see your points.',
  badgeWithTier: '{badge} ({tier})',
  tierBronze: 'bronze',
  tierSilver: 'silver',
  tierGold: 'gold',
  progressNoGame: 'Your progress: {done} steps done, {score} quiz points. Points, badges and streaks are off in your program.',
  gamificationOff: 'Points, badges, streaks and ranks are off in your program. Send PROGRESS to see your steps and quiz points.',
};

export type SystemTextKey = keyof typeof en;

export const systemTextCatalog: Record<string, Record<SystemTextKey, string>> = {
  en,
  es: {
    stopConfirmed: 'No recibirás más mensajes nuestros. Envía START cuando quieras volver.',
    startConfirmed: '¡Qué bueno tenerte de vuelta! Volverás a recibir tus mensajes.',
    help: 'Para responder, toca una opción o envía su número o su texto. Envía PROGRESO para ver tus puntos e insignias, AGENTE para hablar con una persona, STOP para dejar de recibir mensajes, START para volver.',
    nothingActive: 'No tienes ninguna actividad ahora: te escribiremos cuando empiece la próxima. Envía AYUDA para ver qué puedes hacer.',
    progress: 'Tu progreso: {done} pasos completados, {score} puntos de quiz, {points} puntos en total; {streak}. Insignias: {badges}. Envía RACHA para ver tu racha.',
    noBadges: 'ninguna todavía',
    unknownSender: '¡Hola! Aún no tenemos este número en nuestra lista. Para unirte, envía el código que te dio tu empresa.',
    joined: '¡Hola, {name}! Te damos la bienvenida: tu registro está listo.',
    joinFull: '¡Hola! Ahora no podemos registrar a más personas. Consulta con tu empresa.',
    joinClosed: '¡Hola! Este programa ha terminado y ya no admite a más personas. Consulta con tu empresa.',
    handoff: 'Gracias. Una persona del equipo te responderá aquí lo antes posible.',
    programPaused: 'Este programa está en pausa. Seguiremos donde lo dejaste cuando se reanude.',
    programEnded: 'Este programa ha terminado. ¡Gracias por participar!',
    helpWaiting: 'Nada que responder por ahora: tu próximo mensaje llega {when}. Envía PROGRESO para ver tus puntos e insignias, AGENTE para hablar con una persona, STOP para dejar de recibir mensajes, START para volver.',
    helpFinished: 'Completaste todo por ahora: te escribiremos cuando empiece tu próxima actividad. Envía PROGRESO para ver tus puntos e insignias, AGENTE para hablar con una persona, STOP para dejar de recibir mensajes, START para volver.',
    waitingForNext: '¡Gracias! Nada que responder por ahora: tu próximo mensaje llega {when}.',
    atTimeToday: 'hoy a las {time}',
    atTimeTomorrow: 'mañana a las {time}',
    atTimeOn: 'el {date} a las {time}',
    rightAnswerWas: 'La respuesta correcta es: {answer}. Sigamos.',
    movingOn: 'Sigamos.',
    badgeAwarded: '¡Nueva insignia: {badge}! Envía PROGRESO para ver todas tus insignias.',
    streak: 'Tu racha: {streak} (tu mejor marca: {best}). Pausas disponibles: {freezes}. {today}',
    streakDays: 'días seguidos: {count}',
    streakWeeks: 'semanas seguidas: {count}',
    streakKeptToday: 'Esta vez ya la mantuviste.',
    streakOpenToday: 'Responde un mensaje para mantenerla.',
    streakKept: '¡Mantuviste tu racha: {streak}! Envía RACHA para verla.',
    challengeProgress: '{challenge}: {team} lleva {progress} de {goal} por ahora. ¡Sigan así!',
    challengeWinners: '{challenge} terminó: {team} llegó a {progress} de {goal}. ¡Ganaron, felicidades!',
    challengeEnded: '{challenge} terminó: {team} hizo {progress} de {goal}. ¡Gracias por participar!',
    challengeTogether: 'todo el equipo',
    rank: 'Estás en el puesto {rank} de {total} {place} esta semana, con {points} puntos.',
    rankAt: 'en {place}',
    rankEveryone: 'en tu organización',
    rankNone: 'Aún no tienes puntos esta semana: responde un mensaje para entrar en la tabla.',
    rankOff: 'Tu organización no comparte posiciones. Envía PROGRESO para ver tus puntos.',
    badgeWithTier: '{badge} ({tier})',
    tierBronze: 'bronce',
    tierSilver: 'plata',
    tierGold: 'oro',
    progressNoGame: 'Tu progreso: {done} pasos completados, {score} puntos de quiz. Los puntos, insignias y rachas están desactivados en tu programa.',
    gamificationOff: 'Los puntos, insignias, rachas y posiciones están desactivados en tu programa. Envía PROGRESO para ver tus pasos y puntos de quiz.',
  },
  pt: {
    stopConfirmed: 'Você não vai receber mais mensagens nossas. Envie START quando quiser voltar.',
    startConfirmed: 'Que bom ter você de volta! Você voltará a receber suas mensagens.',
    help: 'Para responder, toque numa opção ou envie o número ou o texto dela. Envie PROGRESSO para ver seus pontos e insígnias, ATENDENTE para falar com uma pessoa, STOP para deixar de receber mensagens, START para voltar.',
    nothingActive: 'Você não tem nenhuma atividade agora: vamos escrever quando a próxima começar. Envie AJUDA para ver o que você pode fazer.',
    progress: 'Seu progresso: {done} etapas concluídas, {score} pontos nos quizzes, {points} pontos no total; {streak}. Insígnias: {badges}. Envie SEQUENCIA para ver sua sequência.',
    noBadges: 'nenhuma ainda',
    unknownSender: 'Olá! Ainda não temos este número na nossa lista. Para participar, envie o código que sua empresa lhe deu.',
    joined: 'Olá, {name}! Boas-vindas: seu cadastro está pronto.',
    joinFull: 'Olá! No momento não podemos cadastrar novas pessoas. Fale com sua empresa.',
    joinClosed: 'Olá! Este programa terminou e não aceita novas pessoas. Fale com sua empresa.',
    handoff: 'Agradecemos. Uma pessoa da equipe vai responder aqui o quanto antes.',
    programPaused: 'Este programa está pausado por enquanto. Vamos continuar de onde você parou quando ele voltar.',
    programEnded: 'Este programa terminou. Agradecemos sua participação!',
    helpWaiting: 'Nada para responder por enquanto: sua próxima mensagem chega {when}. Envie PROGRESSO para ver seus pontos e insígnias, ATENDENTE para falar com uma pessoa, STOP para deixar de receber mensagens, START para voltar.',
    helpFinished: 'Você concluiu tudo por enquanto: vamos escrever quando sua próxima atividade começar. Envie PROGRESSO para ver seus pontos e insígnias, ATENDENTE para falar com uma pessoa, STOP para deixar de receber mensagens, START para voltar.',
    waitingForNext: 'Agradecemos! Nada para responder por enquanto: sua próxima mensagem chega {when}.',
    atTimeToday: 'hoje às {time}',
    atTimeTomorrow: 'amanhã às {time}',
    atTimeOn: 'em {date} às {time}',
    rightAnswerWas: 'A resposta certa é: {answer}. Vamos continuar.',
    movingOn: 'Vamos continuar.',
    badgeAwarded: 'Você ganhou uma insígnia: {badge}! Envie PROGRESSO para ver todas as suas insígnias.',
    streak: 'Sua sequência: {streak} (seu recorde: {best}). Pausas disponíveis: {freezes}. {today}',
    streakDays: 'dias seguidos: {count}',
    streakWeeks: 'semanas seguidas: {count}',
    streakKeptToday: 'Desta vez você já a manteve.',
    streakOpenToday: 'Responda uma mensagem para mantê-la.',
    streakKept: 'Você manteve sua sequência: {streak}! Envie SEQUENCIA para vê-la.',
    challengeProgress: '{challenge}: {team} está com {progress} de {goal} até agora. Continuem assim!',
    challengeWinners: '{challenge} terminou: {team} chegou a {progress} de {goal}. Vocês venceram, parabéns!',
    challengeEnded: '{challenge} terminou: {team} fez {progress} de {goal}. Agradecemos a participação!',
    challengeTogether: 'toda a equipe',
    rank: 'Você está na posição {rank} de {total} {place} nesta semana, com {points} pontos.',
    rankAt: 'em {place}',
    rankEveryone: 'na sua organização',
    rankNone: 'Você ainda não tem pontos nesta semana: responda uma mensagem para entrar no placar.',
    rankOff: 'Sua organização não compartilha posições. Envie PROGRESSO para ver seus pontos.',
    badgeWithTier: '{badge} ({tier})',
    tierBronze: 'bronze',
    tierSilver: 'prata',
    tierGold: 'ouro',
    progressNoGame: 'Seu progresso: {done} etapas concluídas, {score} pontos nos quizzes. Pontos, insígnias e sequências estão desativados no seu programa.',
    gamificationOff: 'Pontos, insígnias, sequências e posições estão desativados no seu programa. Envie PROGRESSO para ver suas etapas e pontos nos quizzes.',
  },
};

/** Each key, in the catalog's order. */
export const systemTextKeys = Object.keys(en) as SystemTextKey[];

/** An organization's own wording: language (lower case) → key → text. */
export type SystemTextOverrides = ReadonlyMap<string, ReadonlyMap<string, string>>;

const noOverrides: SystemTextOverrides = new Map();

/** The `{placeholders}` a text uses, sorted: an override of a key must use exactly the English text's. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (match) => match[1]))].sort();
}

/** The languages to try for a worker's language, best first: es-MX → es-mx, es, en. */
function languagesToTry(language: string): string[] {
  const exact = language.toLowerCase();
  return [...new Set([exact, exact.split('-')[0], 'en'])];
}

/** The text of a key before placeholders are filled: the organization's, else the shipped one, per language to try. */
function pickSystemText(language: string, key: SystemTextKey, overrides: SystemTextOverrides = noOverrides): string {
  for (const candidate of languagesToTry(language)) {
    const text = overrides.get(candidate)?.get(key) ?? systemTextCatalog[candidate]?.[key];
    if (text !== undefined) return text;
  }
  return en[key];
}

/**
 * A system message in the language, with `{name}` placeholders filled: the organization's
 * override when it has one (loadSystemTextOverrides), else the shipped text; English when neither
 * exists in the worker's language.
 */
export function systemText(language: string, key: SystemTextKey, values: Record<string, string | number> = {}, overrides?: SystemTextOverrides): string {
  return pickSystemText(language, key, overrides).replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
