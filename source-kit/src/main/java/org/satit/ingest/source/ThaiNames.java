package org.satit.ingest.source;

import java.util.SplittableRandom;

/**
 * Thai place, school and person names built from common name elements, each with its RTGS
 * romanisation, so Thai and English names agree. Synthetic, but read like the real ones
 * ("บ้านหนองบัว" / "Ban Nong Bua School").
 */
final class ThaiNames {

  /** A Thai name and its romanisation. */
  record Name(String th, String en) {
    Name plus(Name other) {
      return new Name(th + other.th, en + " " + other.en);
    }
  }

  private static final Name[] PLACE_HEAD = {
      n("หนอง", "Nong"), n("บ้าน", "Ban"), n("ท่า", "Tha"), n("นา", "Na"), n("โนน", "Non"), n("ดอน", "Don"),
      n("ห้วย", "Huai"), n("แม่", "Mae"), n("วัง", "Wang"), n("บึง", "Bueng"), n("ทุ่ง", "Thung"), n("โคก", "Khok"),
      n("สระ", "Sa"), n("เวียง", "Wiang"), n("ลำ", "Lam"), n("บ่อ", "Bo"), n("คลอง", "Khlong"), n("ป่า", "Pa"),
      n("เขา", "Khao"), n("ดง", "Dong"), n("หัว", "Hua"), n("ปาก", "Pak"), n("โพธิ์", "Pho"), n("สัน", "San")};

  private static final Name[] PLACE_TAIL = {
      n("แก้ว", "Kaeo"), n("ทอง", "Thong"), n("ใหญ่", "Yai"), n("งาม", "Ngam"), n("สูง", "Sung"), n("ยาว", "Yao"),
      n("เหนือ", "Nuea"), n("ใต้", "Tai"), n("กลาง", "Klang"), n("จันทร์", "Chan"), n("คำ", "Kham"), n("ไผ่", "Phai"),
      n("ม่วง", "Muang"), n("บัว", "Bua"), n("ขาม", "Kham"), n("หว้า", "Wa"), n("แดง", "Daeng"), n("ศรี", "Si"),
      n("สวรรค์", "Sawan"), n("เจริญ", "Charoen"), n("ทราย", "Sai"), n("หิน", "Hin"), n("เกลือ", "Kluea"),
      n("ตาล", "Tan"), n("มะนาว", "Manao"), n("ขี้เหล็ก", "Khilek"), n("สะแก", "Sakae"), n("กอก", "Kok"),
      n("น้อย", "Noi"), n("หลวง", "Luang"), n("พัฒนา", "Phatthana"), n("สามัคคี", "Samakkhi")};

  private static final String[] FIRST_M = {"สมชาย", "ณัฐวุฒิ", "ธนากร", "กิตติพงษ์", "ภูมิพัฒน์", "ศุภชัย", "อนุชา",
      "วีรยุทธ", "ปิยะพงษ์", "ธีรเดช", "ชยพล", "พีรพัฒน์", "ณภัทร", "ภาณุวัฒน์", "สุรเชษฐ์", "อัครพล", "กฤษดา", "ธนวัฒน์"};
  private static final String[] FIRST_F = {"สมหญิง", "ณัฐธิดา", "กัญญารัตน์", "พิมพ์ชนก", "ศิริพร", "อรอุมา", "ปวีณา",
      "สุภาวดี", "ชนิดา", "ธิดารัตน์", "พัชราภรณ์", "ณัฐชา", "กมลชนก", "วรรณิศา", "อภิญญา", "จิราพร", "ปิยธิดา", "มณีรัตน์"};
  private static final String[] SURNAME_HEAD = {"ศรี", "บุญ", "แก้ว", "ทอง", "สุข", "จันทร์", "คำ", "วงศ์", "ใจ", "มณี",
      "สุวรรณ", "ประเสริฐ", "รุ่ง", "พรหม", "อินทร์", "เพชร", "ชัย", "แสง"};
  private static final String[] SURNAME_TAIL = {"สุข", "ดี", "มา", "งาม", "วงศ์", "ศรี", "ทอง", "แสง", "เจริญ", "รักษ์",
      "สวัสดิ์", "ประเสริฐ", "วิเศษ", "ปัญญา", "กุล", "พันธ์", "ชัย", "เรือง"};

  private ThaiNames() {
  }

  private static Name n(String th, String en) {
    return new Name(th, en);
  }

  static Name place(SplittableRandom r) {
    return Seeds.pick(r, PLACE_HEAD).plus(Seeds.pick(r, PLACE_TAIL));
  }

  /** A school name in the forms EMIS lists: บ้าน…, วัด…, ชุมชนบ้าน…; secondary: …วิทยา, …พิทยาคม. */
  static Name school(SplittableRandom r, Name place, boolean secondary) {
    if (secondary) {
      return switch (r.nextInt(4)) {
        case 0 -> new Name(place.th() + "วิทยา", place.en() + " Witthaya School");
        case 1 -> new Name(place.th() + "พิทยาคม", place.en() + " Phitthayakhom School");
        case 2 -> new Name(place.th() + "วิทยาคม", place.en() + " Witthayakhom School");
        default -> new Name(place.th() + "ศึกษา", place.en() + " Sueksa School");
      };
    }
    int form = r.nextInt(10);
    if (form < 6) {
      return new Name("บ้าน" + place.th(), "Ban " + place.en() + " School");
    } else if (form < 9) {
      return new Name("วัด" + place.th(), "Wat " + place.en() + " School");
    }
    return new Name("ชุมชนบ้าน" + place.th(), "Chumchon Ban " + place.en() + " School");
  }

  static String firstName(SplittableRandom r, boolean male) {
    return Seeds.pick(r, male ? FIRST_M : FIRST_F);
  }

  static String lastName(SplittableRandom r) {
    return Seeds.pick(r, SURNAME_HEAD) + Seeds.pick(r, SURNAME_TAIL);
  }
}
