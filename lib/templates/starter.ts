/**
 * A starter pack of the replies every social care team writes daily, in the team's languages.
 * Shortcuts follow one scheme: the intent in English for English ("ack"), then "-" and the
 * language tag for the others ("ack-fil", "ack-ms", "ack-id", "ack-ru").
 *
 * Each greeting falls back to what an agent would write without a name: "Hi there", "Hi po",
 * "Hai tuan/puan", "Halo Kak"; in Russian the name replaces "Здравствуйте" ("Анна, спасибо…"),
 * which reads naturally either way and needs no grammatical gender.
 */
import type { TemplateDraft } from './draft';

export const starterLanguages = ['en', 'fil', 'ms', 'id', 'ru'] as const;
export type StarterLanguage = (typeof starterLanguages)[number];

const intents = {
  ack: 'acknowledge',
  sorry: 'apologise',
  dm: 'private-message',
  away: 'away',
  followup: 'follow-up',
  resolved: 'resolved',
} as const;
type Intent = keyof typeof intents;

type Reply = [title: string, body: string];

const en = 'Hi {{customer.first_name|there}}';
const fil = 'Hi {{customer.first_name|po}}!';
const ms = 'Hai {{customer.first_name|tuan/puan}}';
const id = 'Halo {{customer.first_name|Kak}}';
const ru = '{{customer.first_name|Здравствуйте}}';

const replies: Record<StarterLanguage, Record<Intent, Reply>> = {
  en: {
    ack: ['Acknowledge', `${en}, thanks for reaching out! I've got your message and I'm looking into it now. I'll get back to you as soon as I can.`],
    sorry: ['Apologise', `${en}, I'm really sorry about this, and I completely understand how frustrating it is. I'm looking into it right away and will make it right.`],
    dm: ['Move to private message', `${en}, we'd like to help with this! Could you send us a private message with your order number so we can look into it? For your security, please don't share personal details in public comments.`],
    away: ['Away / business hours', `${en}, thanks for your message! Our team is away right now and will be back {{ask:When the team is back (e.g. tomorrow at 9 AM)}}. We'll reply as soon as we're back.`],
    followup: ['Follow-up', `${en}, just following up on your request. Is everything sorted now, or is there anything else I can help with?`],
    resolved: ['Resolved', `${en}, good news: this is now resolved! If anything else comes up, just send us a message. Thanks for your patience!`],
  },
  fil: {
    ack: ['Natanggap ang mensahe', `${fil} Salamat po sa pag-message sa amin. Natanggap na po namin ang inyong mensahe at tinitingnan na namin ito ngayon. Babalikan po namin kayo sa lalong madaling panahon.`],
    sorry: ['Paghingi ng paumanhin', `${fil} Pasensya na po sa abalang naidulot nito, at naiintindihan po namin ang inyong pagkadismaya. Aasikasuhin po namin ito agad para maayos.`],
    dm: ['Lipat sa private message', `${fil} Gusto po namin kayong matulungan dito. Paki-message po kami nang pribado kasama ang inyong order number para ma-check namin. Para sa inyong seguridad, huwag po sanang mag-post ng personal na impormasyon sa comments.`],
    away: ['Wala sa oras ng serbisyo', `${fil} Salamat po sa inyong mensahe. Wala po ang aming team sa ngayon at babalik kami {{ask:Kailan babalik ang team (hal. bukas ng 9 AM)}}. Sasagutin po namin kayo pagbalik namin.`],
    followup: ['Pag-follow up', `${fil} Nagfo-follow up lang po kami sa inyong request. Naayos na po ba ang lahat, o may iba pa po ba kaming maitutulong?`],
    resolved: ['Naayos na', `${fil} Magandang balita po: naayos na po ito. Kung may iba pa po kayong kailangan, mag-message lang po kayo. Salamat po sa inyong pasensya!`],
  },
  ms: {
    ack: ['Mesej diterima', `${ms}, terima kasih kerana menghubungi kami! Kami telah menerima mesej anda dan sedang menyemaknya sekarang. Kami akan membalas secepat mungkin.`],
    sorry: ['Mohon maaf', `${ms}, kami memohon maaf atas kesulitan ini dan kami faham betapa mengecewakannya perkara ini. Kami akan menyemaknya dengan segera dan menyelesaikannya untuk anda.`],
    dm: ['Pindah ke mesej peribadi', `${ms}, kami sedia membantu! Sila hantar mesej peribadi kepada kami bersama nombor pesanan anda supaya kami boleh menyemaknya. Demi keselamatan anda, jangan kongsikan maklumat peribadi di ruangan komen.`],
    away: ['Di luar waktu operasi', `${ms}, terima kasih atas mesej anda! Pasukan kami tiada buat masa ini dan akan kembali {{ask:Bila pasukan kembali (cth. esok pukul 9 pagi)}}. Kami akan membalas sebaik sahaja kami kembali.`],
    followup: ['Susulan', `${ms}, kami ingin membuat susulan tentang permintaan anda. Adakah semuanya sudah selesai, atau ada apa-apa lagi yang boleh kami bantu?`],
    resolved: ['Selesai', `${ms}, berita baik: perkara ini telah pun diselesaikan! Jika ada apa-apa lagi, hantar sahaja mesej kepada kami. Terima kasih atas kesabaran anda!`],
  },
  id: {
    ack: ['Pesan diterima', `${id}, terima kasih sudah menghubungi kami! Pesan Anda sudah kami terima dan sedang kami cek sekarang. Kami akan segera memberi kabar.`],
    sorry: ['Permintaan maaf', `${id}, kami mohon maaf atas ketidaknyamanan ini, dan kami mengerti hal ini pasti mengecewakan. Kami akan segera memeriksanya dan membantu menyelesaikannya.`],
    dm: ['Pindah ke pesan pribadi', `${id}, kami siap membantu! Silakan kirim pesan pribadi (DM) ke kami beserta nomor pesanan Anda agar bisa kami cek. Demi keamanan Anda, mohon jangan membagikan data pribadi di kolom komentar.`],
    away: ['Di luar jam operasional', `${id}, terima kasih atas pesannya! Tim kami sedang tidak aktif saat ini dan akan kembali {{ask:Kapan tim kembali (mis. besok pukul 09.00)}}. Kami akan segera membalas begitu kami kembali.`],
    followup: ['Tindak lanjut', `${id}, kami ingin menindaklanjuti permintaan Anda. Apakah semuanya sudah beres, atau ada hal lain yang bisa kami bantu?`],
    resolved: ['Selesai', `${id}, kabar baik: kendala Anda sudah teratasi! Jika ada hal lain, jangan ragu untuk menghubungi kami lagi. Terima kasih atas kesabarannya!`],
  },
  ru: {
    ack: ['Подтверждение получения', `${ru}, спасибо, что написали нам! Мы получили ваше сообщение и уже разбираемся. Ответим вам в ближайшее время.`],
    sorry: ['Извинение', `${ru}, приносим извинения за доставленные неудобства — понимаем, как это неприятно. Мы сейчас же займёмся этим и всё исправим.`],
    dm: ['Перевод в личные сообщения', `${ru}, мы с радостью поможем! Напишите нам, пожалуйста, в личные сообщения и укажите номер заказа, чтобы мы могли всё проверить. В целях безопасности не публикуйте личные данные в комментариях.`],
    away: ['Нерабочее время', `${ru}, спасибо за сообщение! Сейчас наша команда не на связи и вернётся {{ask:Когда вернётся команда (напр. завтра в 9:00)}}. Мы ответим вам сразу же, как вернёмся.`],
    followup: ['Уточнение по обращению', `${ru}, хотели уточнить по вашему обращению: всё ли решилось? Может быть, мы можем помочь чем-то ещё?`],
    resolved: ['Вопрос решён', `${ru}, хорошие новости: вопрос решён! Если появятся другие вопросы, просто напишите нам. Спасибо за терпение!`],
  },
};

export function starterShortcut(intent: Intent, language: StarterLanguage): string {
  return language === 'en' ? intent : `${intent}-${language}`;
}

/** Team templates, approved, in the "Starter" folder; tagged with the intent in English so any agent finds them. */
export const starterPack: readonly TemplateDraft[] = starterLanguages.flatMap((language) =>
  (Object.keys(intents) as Intent[]).map((intent) => {
    const [title, body] = replies[language][intent];
    return {
      title, body, shortcut: starterShortcut(intent, language), folder: 'Starter', tags: ['starter', intents[intent]],
      language, platforms: [], scope: 'team' as const, approved: true,
    };
  }),
);
