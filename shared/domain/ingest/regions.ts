import { normaliseHeader } from './headers.js';

/**
 * Where a debtor is inside a country with several time zones → the IANA zones it may be in. One zone
 * fixes the debtor's zone; several (a state split between zones, e.g. Texas, Chihuahua) are the
 * candidates the gate must satisfy all at once. Names are matched like headers (case, accents, spaces
 * and punctuation ignored), so `Baja California`, `BAJA_CALIFORNIA` and `B.C.` all work.
 *
 * Sources: the IANA tz database (zone.tab comments and the 2025c data: Mexico's 2022 reform ending DST
 * outside the US border strip, America/Ciudad_Juarez 2022g, Chile's Aysén on America/Coyhaique 2025b),
 * US and Canadian state/province time-zone boundaries (49 CFR part 71), IBGE for Brazil.
 */
export interface CountryZones {
  /** Every zone a debtor of the country may be in when nothing says where (islands left out, see docs). */
  readonly candidates: readonly string[];
  /** Region, state, province, department or city → zones. */
  readonly regions: Readonly<Record<string, readonly string[]>>;
}

const MX_CITY = 'America/Mexico_City';
const TIJUANA = 'America/Tijuana';
const MAZATLAN = 'America/Mazatlan';
const HERMOSILLO = 'America/Hermosillo';
const MONTERREY = 'America/Monterrey';
const MATAMOROS = 'America/Matamoros';
const MERIDA = 'America/Merida';
const CANCUN = 'America/Cancun';
const CHIHUAHUA = 'America/Chihuahua';
const JUAREZ = 'America/Ciudad_Juarez';
const OJINAGA = 'America/Ojinaga';
const BANDERAS = 'America/Bahia_Banderas';

const NY = 'America/New_York';
const DETROIT = 'America/Detroit';
const INDIANAPOLIS = 'America/Indiana/Indianapolis';
const CHICAGO = 'America/Chicago';
const DENVER = 'America/Denver';
const BOISE = 'America/Boise';
const PHOENIX = 'America/Phoenix';
const LA = 'America/Los_Angeles';
const ANCHORAGE = 'America/Anchorage';
const ADAK = 'America/Adak';
const HONOLULU = 'Pacific/Honolulu';

/** `names` (comma-separated) all mean `zones`. */
type Row = readonly [names: string, zones: readonly string[]];

export const COUNTRY_ZONES: Readonly<Record<string, CountryZones>> = {
  MX: zones(
    // Every mainland offset and DST rule of Mexico since the 2022 Ley de los Husos Horarios.
    [TIJUANA, HERMOSILLO, MAZATLAN, JUAREZ, CHIHUAHUA, OJINAGA, MX_CITY, MONTERREY, MATAMOROS, MERIDA, BANDERAS, CANCUN],
    [
      ['Aguascalientes,AGS,Chiapas,CHIS,Colima,COL,Guanajuato,GTO,Guerrero,GRO,Hidalgo,HGO,Jalisco,JAL,Mexico,Estado de Mexico,Edo Mex,Edomex,MEX,Michoacan,MICH,Morelos,MOR,Oaxaca,OAX,Puebla,PUE,Queretaro,QRO,San Luis Potosi,SLP,Tabasco,TAB,Tlaxcala,TLAX,Veracruz,VER,Zacatecas,ZAC', [MX_CITY]],
      ['Ciudad de Mexico,CDMX,DF,Distrito Federal,Mexico City,Guadalajara,Puebla de Zaragoza,Leon,Queretaro,Toluca,Acapulco,Puerto Vallarta,Oaxaca de Juarez,Tuxtla Gutierrez,Villahermosa,Morelia,Aguascalientes', [MX_CITY]],
      ['Baja California,BC,B.C.,Tijuana,Mexicali,Ensenada,Tecate,Rosarito,Playas de Rosarito,San Quintin', [TIJUANA]],
      ['Baja California Sur,BCS,B.C.S.,La Paz,Los Cabos,Cabo San Lucas,San Jose del Cabo,Loreto,Mulege', [MAZATLAN]],
      ['Sinaloa,SIN,Culiacan,Mazatlan,Los Mochis,Ahome,Guasave', [MAZATLAN]],
      // Bahía de Banderas (Nuevo Vallarta) keeps Central time; the rest of Nayarit is on Mazatlán's.
      ['Nayarit,NAY', [MAZATLAN, BANDERAS]],
      ['Tepic,Santiago Ixcuintla,Compostela', [MAZATLAN]],
      ['Bahia de Banderas,Nuevo Vallarta,Bucerias', [BANDERAS]],
      ['Sonora,SON,Hermosillo,Ciudad Obregon,Cajeme,Nogales,San Luis Rio Colorado,Guaymas,Navojoa,Agua Prieta,Puerto Penasco', [HERMOSILLO]],
      // Chihuahua: Central time, except the US border strip (Ciudad Juárez on Mountain, Ojinaga on Central, both with US DST).
      ['Chihuahua,CHIH', [CHIHUAHUA, JUAREZ, OJINAGA]],
      ['Ciudad Juarez,Juarez,Cd Juarez', [JUAREZ]],
      ['Ojinaga,Manuel Ojinaga', [OJINAGA]],
      ['Delicias,Cuauhtemoc,Hidalgo del Parral,Parral,Nuevo Casas Grandes', [CHIHUAHUA]],
      // Coahuila, Nuevo León, Tamaulipas: Central time, the border strip with US DST (America/Matamoros).
      ['Coahuila,Coahuila de Zaragoza,COAH,Nuevo Leon,NL,N.L.,Tamaulipas,TAMPS,TAM', [MONTERREY, MATAMOROS]],
      ['Matamoros,Reynosa,Nuevo Laredo,Piedras Negras,Ciudad Acuna,Acuna,Rio Bravo,Valle Hermoso,Anahuac', [MATAMOROS]],
      ['Monterrey,San Pedro Garza Garcia,Guadalupe,Apodaca,San Nicolas de los Garza,Saltillo,Torreon,Monclova,Tampico,Ciudad Madero,Ciudad Victoria,Durango,DGO,Victoria de Durango,Gomez Palacio', [MONTERREY]],
      ['Yucatan,YUC,Campeche,CAMP,Merida,Ciudad del Carmen', [MERIDA]],
      ['Quintana Roo,Q Roo,QROO,Q.R.,Cancun,Playa del Carmen,Solidaridad,Chetumal,Othon P Blanco,Cozumel,Tulum,Bacalar,Isla Mujeres', [CANCUN]],
    ],
  ),
  US: zones(
    // Reg. F §1006.6(b)(1)(i): a time convenient at every place the consumer may be: Alaska and Hawaii too.
    [NY, CHICAGO, DENVER, PHOENIX, LA, ANCHORAGE, HONOLULU],
    [
      ['Connecticut,CT,Delaware,DE,District of Columbia,DC,Washington DC,Georgia,GA,Maine,ME,Maryland,MD,Massachusetts,MA,New Hampshire,NH,New Jersey,NJ,New York,NY,North Carolina,NC,Ohio,OH,Pennsylvania,PA,Rhode Island,RI,South Carolina,SC,Vermont,VT,Virginia,VA,West Virginia,WV', [NY]],
      ['Alabama,AL,Arkansas,AR,Illinois,IL,Iowa,IA,Louisiana,LA,Minnesota,MN,Mississippi,MS,Missouri,MO,Oklahoma,OK,Wisconsin,WI', [CHICAGO]],
      ['Colorado,CO,Montana,MT,New Mexico,NM,Utah,UT,Wyoming,WY', [DENVER]],
      ['California,CA,Washington,WA', [LA]],
      ['Hawaii,HI', [HONOLULU]],
      // Split states: every zone a part of them is in.
      ['Florida,FL', [NY, CHICAGO]],
      ['Indiana,IN', [INDIANAPOLIS, CHICAGO]],
      ['Kentucky,KY,Tennessee,TN', [NY, CHICAGO]],
      ['Michigan,MI', [DETROIT, CHICAGO]],
      ['Kansas,KS,Nebraska,NE,North Dakota,ND,South Dakota,SD,Texas,TX', [CHICAGO, DENVER]],
      ['Idaho,ID,Oregon,OR', [BOISE, LA]],
      ['Nevada,NV', [LA, DENVER]],
      // Arizona keeps standard time all year; the Navajo Nation observes DST.
      ['Arizona,AZ', [PHOENIX, DENVER]],
      ['Alaska,AK', [ANCHORAGE, ADAK]],
      ['Puerto Rico,PR', ['America/Puerto_Rico']],
      ['Guam,GU', ['Pacific/Guam']],
      ['US Virgin Islands,VI', ['America/St_Thomas']],
      ['American Samoa,AS', ['Pacific/Pago_Pago']],
      ['Northern Mariana Islands,MP', ['Pacific/Saipan']],
      ['New York City,NYC,Boston,Philadelphia,Atlanta,Miami,Orlando,Tampa,Jacksonville,Charlotte,Washington D.C.,Baltimore,Pittsburgh,Cleveland,Columbus,Detroit,Indianapolis,Louisville,Nashville', [NY]],
      ['Chicago,Houston,Dallas,San Antonio,Austin,Fort Worth,Memphis,Milwaukee,Minneapolis,Kansas City,St Louis,Saint Louis,New Orleans,Oklahoma City,Omaha', [CHICAGO]],
      ['Denver,El Paso,Albuquerque,Salt Lake City,Boise', [DENVER]],
      ['Phoenix,Tucson', [PHOENIX]],
      ['Los Angeles,San Diego,San Jose,San Francisco,Seattle,Portland,Las Vegas,Sacramento', [LA]],
      ['Anchorage,Fairbanks,Juneau', [ANCHORAGE]],
      ['Honolulu', [HONOLULU]],
    ],
  ),
  CA: zones(
    ['America/St_Johns', 'America/Halifax', 'America/Toronto', 'America/Winnipeg', 'America/Regina', 'America/Edmonton', 'America/Vancouver', 'America/Whitehorse'],
    [
      ['British Columbia,BC,Colombie-Britannique', ['America/Vancouver', 'America/Edmonton']],
      ['Vancouver,Victoria,Surrey,Burnaby,Kelowna', ['America/Vancouver']],
      ['Alberta,AB,Calgary,Edmonton', ['America/Edmonton']],
      ['Saskatchewan,SK,Regina,Saskatoon', ['America/Regina']],
      ['Manitoba,MB,Winnipeg', ['America/Winnipeg']],
      ['Ontario,ON', ['America/Toronto', 'America/Winnipeg']],
      ['Toronto,Ottawa,Mississauga,Hamilton,London,Kitchener,Windsor', ['America/Toronto']],
      ['Quebec,QC,PQ,Montreal,Laval,Gatineau,Sherbrooke', ['America/Toronto']],
      ['New Brunswick,NB,Nouveau-Brunswick,Moncton,Fredericton,Saint John', ['America/Moncton']],
      ['Nova Scotia,NS,Prince Edward Island,PE,PEI,Halifax,Charlottetown', ['America/Halifax']],
      ['Newfoundland and Labrador,NL,Newfoundland', ['America/St_Johns', 'America/Goose_Bay']],
      ["St. John's,St Johns", ['America/St_Johns']],
      ['Yukon,YT,Whitehorse', ['America/Whitehorse']],
      ['Northwest Territories,NT,Yellowknife', ['America/Edmonton']],
      ['Nunavut,NU', ['America/Iqaluit', 'America/Rankin_Inlet', 'America/Cambridge_Bay']],
    ],
  ),
  BR: zones(
    ['America/Sao_Paulo', 'America/Bahia', 'America/Fortaleza', 'America/Recife', 'America/Maceio', 'America/Belem', 'America/Araguaina', 'America/Manaus', 'America/Cuiaba', 'America/Campo_Grande', 'America/Porto_Velho', 'America/Boa_Vista', 'America/Eirunepe', 'America/Rio_Branco'],
    [
      ['Sao Paulo,SP,Rio de Janeiro,RJ,Minas Gerais,MG,Espirito Santo,ES,Goias,GO,Distrito Federal,DF,Brasilia,Parana,PR,Santa Catarina,SC,Rio Grande do Sul,RS,Belo Horizonte,Curitiba,Porto Alegre,Florianopolis,Goiania,Vitoria,Campinas', ['America/Sao_Paulo']],
      ['Bahia,BA,Salvador', ['America/Bahia']],
      ['Maranhao,MA,Piaui,PI,Ceara,CE,Rio Grande do Norte,RN,Paraiba,PB,Fortaleza,Sao Luis,Teresina,Natal,Joao Pessoa', ['America/Fortaleza']],
      ['Pernambuco,PE,Recife', ['America/Recife']],
      ['Fernando de Noronha', ['America/Noronha']],
      ['Alagoas,AL,Sergipe,SE,Maceio,Aracaju', ['America/Maceio']],
      ['Para,PA,Amapa,AP,Belem,Macapa', ['America/Belem']],
      ['Santarem', ['America/Santarem']],
      ['Tocantins,TO,Palmas', ['America/Araguaina']],
      // Western Amazonas (Eirunepé, the Juruá valley) is on Acre time.
      ['Amazonas,AM', ['America/Manaus', 'America/Eirunepe']],
      ['Manaus', ['America/Manaus']],
      ['Mato Grosso,MT,Cuiaba', ['America/Cuiaba']],
      ['Mato Grosso do Sul,MS,Campo Grande', ['America/Campo_Grande']],
      ['Rondonia,RO,Porto Velho', ['America/Porto_Velho']],
      ['Roraima,RR,Boa Vista', ['America/Boa_Vista']],
      ['Acre,AC,Rio Branco', ['America/Rio_Branco']],
    ],
  ),
  CL: zones(
    // Magallanes and Aysén keep UTC-3 all year; Easter Island is not mainland.
    ['America/Santiago', 'America/Punta_Arenas', 'America/Coyhaique'],
    [
      ['Arica y Parinacota,Arica,Tarapaca,Iquique,Antofagasta,Calama,Atacama,Copiapo,Coquimbo,La Serena,Valparaiso,Vina del Mar,Metropolitana,Region Metropolitana,RM,Santiago,Region Metropolitana de Santiago,OHiggins,Libertador General Bernardo OHiggins,Rancagua,Maule,Talca,Nuble,Chillan,Biobio,Bio Bio,Concepcion,Araucania,La Araucania,Temuco,Los Rios,Valdivia,Los Lagos,Puerto Montt,Osorno,Chiloe', ['America/Santiago']],
      ['Aysen,Aisen,Aysen del General Carlos Ibanez del Campo,Coyhaique,Coihaique', ['America/Coyhaique']],
      ['Magallanes,Magallanes y de la Antartica Chilena,Punta Arenas,Puerto Natales,Porvenir,Puerto Williams', ['America/Punta_Arenas']],
      ['Isla de Pascua,Rapa Nui,Hanga Roa,Easter Island', ['Pacific/Easter']],
    ],
  ),
  EC: zones(
    ['America/Guayaquil'],
    [
      ['Galapagos,Islas Galapagos,Puerto Ayora,Puerto Baquerizo Moreno,San Cristobal,Santa Cruz,Isabela', ['Pacific/Galapagos']],
      ['Azuay,Bolivar,Canar,Carchi,Chimborazo,Cotopaxi,El Oro,Esmeraldas,Guayas,Imbabura,Loja,Los Rios,Manabi,Morona Santiago,Napo,Orellana,Pastaza,Pichincha,Santa Elena,Santo Domingo de los Tsachilas,Sucumbios,Tungurahua,Zamora Chinchipe,Quito,Guayaquil,Cuenca,Manta,Machala,Ambato', ['America/Guayaquil']],
    ],
  ),
  AR: zones(
    ['America/Argentina/Buenos_Aires'],
    [
      ['Buenos Aires,CABA,Capital Federal,Ciudad Autonoma de Buenos Aires,Ciudad de Buenos Aires,La Plata,Mar del Plata', ['America/Argentina/Buenos_Aires']],
      ['Cordoba,Santa Fe,Rosario,Entre Rios,Parana,Corrientes,Misiones,Posadas,Chaco,Resistencia,Formosa,Santiago del Estero', ['America/Argentina/Cordoba']],
      ['Salta,La Pampa,Santa Rosa,Neuquen,Rio Negro,Viedma,Bariloche,San Carlos de Bariloche', ['America/Argentina/Salta']],
      ['Jujuy,San Salvador de Jujuy', ['America/Argentina/Jujuy']],
      ['Tucuman,San Miguel de Tucuman', ['America/Argentina/Tucuman']],
      ['Catamarca,Chubut,Rawson,Comodoro Rivadavia,Trelew', ['America/Argentina/Catamarca']],
      ['La Rioja', ['America/Argentina/La_Rioja']],
      ['San Juan', ['America/Argentina/San_Juan']],
      ['Mendoza', ['America/Argentina/Mendoza']],
      ['San Luis', ['America/Argentina/San_Luis']],
      ['Santa Cruz,Rio Gallegos', ['America/Argentina/Rio_Gallegos']],
      ['Tierra del Fuego,Ushuaia', ['America/Argentina/Ushuaia']],
    ],
  ),
};

function zones(candidates: readonly string[], rows: readonly Row[]): CountryZones {
  const regions: Record<string, readonly string[]> = {};
  for (const [names, zoneList] of rows) {
    for (const name of names.split(',')) {
      const key = normaliseHeader(name);
      // A name listed twice (a city named like its state) keeps its first, broader entry.
      if (key !== '' && regions[key] === undefined) regions[key] = zoneList;
    }
  }
  return { candidates, regions };
}

/**
 * The zones a region cell puts the debtor in, undefined when the country has no table or the name is
 * unknown there.
 *
 * @example
 * regionZones('MX', 'Baja California') // ['America/Tijuana']
 * regionZones('US', 'Texas')           // ['America/Chicago', 'America/Denver']
 */
export function regionZones(country: string | undefined, region: string): readonly string[] | undefined {
  if (country === undefined) return undefined;
  return COUNTRY_ZONES[country]?.regions[normaliseHeader(region)];
}

/** Every zone a debtor of `country` may be in when nothing says where; undefined for a one-zone country. */
export function countryCandidates(country: string | undefined): readonly string[] | undefined {
  const candidates = country === undefined ? undefined : COUNTRY_ZONES[country]?.candidates;
  return candidates && candidates.length > 1 ? candidates : undefined;
}
