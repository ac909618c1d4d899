import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Telephone area codes that fix a debtor's time zone (or narrow it to a few), for the countries with
 * several zones whose numbers say where they were assigned: NANP (US and Canada, area code = the
 * first 3 digits) and Mexico (2- or 3-digit área de numeración). A code missing here says nothing,
 * and the debtor falls back to its country's candidate zones: the table only ever narrows safely.
 *
 * Sources: NANPA's area code assignments by state and province (nationalnanpa.com, 2025) with each
 * state's zones (49 CFR part 71); an area code across a zone line maps to every zone it covers.
 * Mexico: IFT Plan Técnico Fundamental de Numeración (áreas de numeración by state) with the zones of
 * the 2022 Ley de los Husos Horarios. Mobile numbers keep the code of where they were issued: a
 * debtor who moved is the exception; the region column, when present, wins.
 */
type Table = Readonly<Record<string, readonly string[]>>;

const NY = ['America/New_York'];
const DETROIT = ['America/Detroit'];
const INDY = ['America/Indiana/Indianapolis'];
const CHICAGO = ['America/Chicago'];
const DENVER = ['America/Denver'];
const PHOENIX = ['America/Phoenix'];
const LA = ['America/Los_Angeles'];

function table(rows: ReadonlyArray<readonly [codes: string, zones: readonly string[]]>): Table {
  const result: Record<string, readonly string[]> = {};
  for (const [codes, zones] of rows) for (const code of codes.split(/\s+/).filter(Boolean)) result[code] = zones;
  return result;
}

/** NANP area code → zones (US and Canada). */
export const NANP_AREA_CODES: Table = table([
  // Eastern, whole states (CT DE DC GA ME MD MA NH NJ NY NC OH PA RI SC VT VA WV) and the Eastern parts of FL, IN, KY, MI, TN.
  ['203 475 860 959 302 202 771 229 404 470 478 678 706 762 770 912 943 207 227 240 301 410 443 667 339 351 413 508 617 774 781 857 978 603', NY],
  ['201 551 609 640 732 848 856 862 908 973 212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934', NY],
  ['252 336 472 704 743 828 910 919 980 984 216 220 234 283 326 330 380 419 436 440 513 567 614 740 937', NY],
  ['215 223 267 272 412 445 484 570 582 610 717 724 814 835 878 401 803 839 843 854 864 802 276 434 540 571 703 757 804 826 948 304 681', NY],
  ['239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954', NY],
  ['260 317 463 765', INDY],
  ['502 859', NY],
  ['865', NY],
  ['231 248 269 313 517 586 616 679 734 810 947 989', DETROIT],
  // Central, whole states (AL AR IL IA LA MN MS MO OK WI) and the Central parts of TN, TX.
  ['205 251 256 334 659 938 327 479 501 870 217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872', CHICAGO],
  ['319 515 563 641 712 225 318 337 504 985 218 320 507 612 651 763 952 228 601 662 769', CHICAGO],
  ['235 314 417 557 573 636 660 816 975 405 539 572 580 918 262 274 353 414 534 608 715 920', CHICAGO],
  ['402 531 316 913 615 629 731 901', CHICAGO],
  ['210 214 254 281 325 346 361 409 430 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979', CHICAGO],
  // Mountain (CO MT NM UT WY) and El Paso.
  ['303 719 720 970 983 406 505 575 385 435 801 307 915', DENVER],
  // Arizona outside the Navajo Nation (928 covers it too).
  ['480 520 602 623', PHOENIX],
  // Pacific (CA WA, Las Vegas).
  ['209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 840 858 909 916 925 949 951', LA],
  ['206 253 360 425 509 564 702 725', LA],
  ['808', ['Pacific/Honolulu']],
  ['907', ['America/Anchorage', 'America/Adak']],
  // Area codes across a zone line: every zone they cover.
  ['850 448', ['America/New_York', 'America/Chicago']], // Florida panhandle
  ['219 574 812 930', ['America/Indiana/Indianapolis', 'America/Chicago']], // Indiana: the northwest and southwest corners are Central
  ['270 364 606', ['America/New_York', 'America/Chicago']], // Kentucky
  ['423 931', ['America/New_York', 'America/Chicago']], // Tennessee
  ['906', ['America/Detroit', 'America/Chicago']], // Michigan's Upper Peninsula
  ['308 620 785 605 701 432', ['America/Chicago', 'America/Denver']], // Nebraska, Kansas, the Dakotas, west Texas
  ['208 986 541 458', ['America/Boise', 'America/Los_Angeles']], // Idaho, Oregon
  ['775', ['America/Los_Angeles', 'America/Denver']], // Nevada outside Las Vegas (West Wendover)
  ['928', ['America/Phoenix', 'America/Denver']], // Navajo Nation observes DST
  // Canada.
  ['403 587 780 825 368', ['America/Edmonton']],
  ['604 672', ['America/Vancouver']],
  ['236 250 257 778', ['America/Vancouver', 'America/Edmonton']],
  ['306 474 639', ['America/Regina']],
  ['204 431 584', ['America/Winnipeg']],
  ['226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 905 942', ['America/Toronto']],
  ['807', ['America/Toronto', 'America/Winnipeg']],
  ['263 354 438 450 468 514 579 819 873', ['America/Toronto']],
  ['367 418 581', ['America/Toronto', 'America/Halifax']],
  ['506 428', ['America/Moncton']],
  ['782 902', ['America/Halifax']],
  ['709 879', ['America/St_Johns', 'America/Goose_Bay']],
  ['867', ['America/Whitehorse', 'America/Edmonton', 'America/Rankin_Inlet', 'America/Iqaluit']],
]);

/** Mexican área de numeración → zones. Codes not listed: unknown (most of the country is on Central time, but unlisted is not proof). */
export const MX_AREA_CODES: Table = table([
  // Baja California.
  ['664 665 686 646 661 616 658', ['America/Tijuana']],
  // Baja California Sur, Sinaloa, Nayarit (but Bahía de Banderas).
  ['612 613 615 624 667 668 669 672 673 687 694 695 696 697 698 311 319 323 324 325 327 389', ['America/Mazatlan']],
  ['329', ['America/Bahia_Banderas']],
  // Sonora.
  ['622 623 631 632 633 634 637 638 641 642 643 644 645 647 651 653 662', ['America/Hermosillo']],
  // Chihuahua: Ciudad Juárez and Ojinaga are in the border strip.
  ['614 621 625 627 628 629 635 636 639 648 649 652', ['America/Chihuahua']],
  ['656 657', ['America/Ciudad_Juarez']],
  ['626', ['America/Ojinaga']],
  // Border strip of Tamaulipas and Coahuila.
  ['867 868 899 877 878', ['America/Matamoros']],
  // Quintana Roo.
  ['983 984 987 998', ['America/Cancun']],
  // Central time: the metropolitan areas and state capitals.
  ['33 55 56 222 228 229 246 271 272 312 314 322 341 351 442 443 444 449 461 462 464 473 477 492 722 744 747 771 777 782 921 951 961 962 967 993', ['America/Mexico_City']],
  ['81 618 833 834 844 866 871', ['America/Monterrey']],
  ['981 999 938', ['America/Merida']],
]);

/** What a phone number says about where its holder is: the country it belongs to, and the zones its area code puts them in. */
export interface PhonePlace {
  /** ISO 3166-1 alpha-2 (NANP numbers: US, CA, PR, DO, …), undefined when the number says no country. */
  readonly country: string | undefined;
  /** Undefined when the area code says nothing. */
  readonly zones: readonly string[] | undefined;
}

/**
 * The country and zones of a phone number in E.164, undefined when it is not a phone number.
 *
 * @example
 * phonePlace('+13055550123') // { country: 'US', zones: ['America/New_York'] }
 */
export function phonePlace(e164: string): PhonePlace | undefined {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return undefined;
  return { country: phone.country, zones: areaZones(phone.countryCallingCode, phone.nationalNumber) };
}

/**
 * The zones a phone number's area code puts the debtor in, undefined when it says nothing. Whatever
 * country the number belongs to: ingest uses them only for a debtor of that country (see readDebtorZone).
 *
 * @example
 * phoneZones('+526641234567') // ['America/Tijuana']
 * phoneZones('+12135550123')  // ['America/Los_Angeles']
 */
export function phoneZones(e164: string): readonly string[] | undefined {
  return phonePlace(e164)?.zones;
}

function areaZones(callingCode: string, national: string): readonly string[] | undefined {
  if (callingCode === '1') return NANP_AREA_CODES[national.slice(0, 3)];
  if (callingCode === '52') return MX_AREA_CODES[national.slice(0, 2)] ?? MX_AREA_CODES[national.slice(0, 3)];
  return undefined;
}
