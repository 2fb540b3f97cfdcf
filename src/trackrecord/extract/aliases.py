"""The alias table of actors: every country, and the organisations news judgments are about.

Two sources, the curated table first. The curated table has one row per actor:
``Canonical|alias|alias...``; a row ending in ``|`` continues on the next line. An alias
starting with ``~`` is a demonym ("Russian"), with ``@`` a metonym (a capital or seat of
government standing for the state: "Pyongyang", "the Kremlin"). Then pycountry's ISO 3166 list
adds every other country and territory under its common, short and official names ("Laos",
"Lao People's Democratic Republic"); a country the curated table has keeps its curated name.
Inverted ISO names ("Korea, Republic of") are left out: prose does not write them. Matching is
case-sensitive, on whole words.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

__all__ = ["ACTORS", "DEMONYMS", "alias_table"]

_TABLE = """
United States|US|U.S.|USA|U.S.A.|United States of America|America|~American|~Americans|
@Washington|@White House|@Pentagon
United Kingdom|UK|U.K.|Britain|Great Britain|~British|~Briton|~Britons|@Downing Street|
@Whitehall|@Westminster
England|~English
Scotland|~Scottish|~Scots|@Holyrood
Wales|~Welsh
Northern Ireland
Russia|Russian Federation|~Russian|~Russians|@Moscow|@Kremlin|@the Kremlin
North Korea|DPRK|D.P.R.K.|Democratic People's Republic of Korea|Hermit Kingdom|~North Korean|
~North Koreans|@Pyongyang
South Korea|Republic of Korea|ROK|~South Korean|~South Koreans|@Seoul
Ukraine|~Ukrainian|~Ukrainians|@Kyiv|@Kiev
China|People's Republic of China|PRC|~Chinese|@Beijing
Taiwan|~Taiwanese|@Taipei
Hong Kong
Japan|~Japanese|@Tokyo
India|~Indian|~Indians|@New Delhi
Pakistan|~Pakistani|~Pakistanis|@Islamabad
Afghanistan|~Afghan|~Afghans|@Kabul
Iran|Islamic Republic of Iran|~Iranian|~Iranians|@Tehran
Iraq|~Iraqi|~Iraqis|@Baghdad
Syria|~Syrian|~Syrians|@Damascus
Israel|~Israeli|~Israelis
Palestine|Palestinian territories|~Palestinian|~Palestinians|Gaza|West Bank
Lebanon|~Lebanese|@Beirut
Jordan|~Jordanian
Saudi Arabia|~Saudi|~Saudis|@Riyadh
Yemen|~Yemeni
Oman
United Arab Emirates|UAE|~Emirati
Qatar|~Qatari
Kuwait|~Kuwaiti
Bahrain
Turkey|Turkiye|Türkiye|~Turkish|@Ankara
Egypt|~Egyptian|~Egyptians|@Cairo
Libya|~Libyan|@Tripoli
Tunisia|~Tunisian
Algeria|~Algerian
Morocco|~Moroccan
Sudan|~Sudanese|@Khartoum
South Sudan
Ethiopia|~Ethiopian|@Addis Ababa
Eritrea
Somalia|~Somali
Kenya|~Kenyan|@Nairobi
Uganda|~Ugandan
Tanzania|~Tanzanian
Rwanda|~Rwandan
Burundi
Democratic Republic of Congo|Democratic Republic of the Congo|DR Congo|DRC
Republic of the Congo|Congo-Brazzaville
Nigeria|~Nigerian|@Abuja
Ghana|~Ghanaian
Ivory Coast|Cote d'Ivoire|Côte d'Ivoire
Senegal
Mali|~Malian
Niger
Chad
Cameroon
Angola|~Angolan
Zambia
Zimbabwe|~Zimbabwean|@Harare
Mozambique
Namibia
Botswana
South Africa|~South African|~South Africans|@Pretoria
Madagascar
Liberia
Sierra Leone
Guinea
Germany|~German|~Germans|@Berlin
France|~French|@Paris|@Elysee|@Élysée
Italy|~Italian|~Italians|@Rome
Spain|~Spanish|@Madrid
Portugal|~Portuguese|@Lisbon
Netherlands|Holland|~Dutch|@The Hague
Belgium|~Belgian
Luxembourg
Switzerland|~Swiss|@Bern
Austria|~Austrian|@Vienna
Ireland|Republic of Ireland|~Irish|@Dublin
Iceland|~Icelandic
Norway|~Norwegian|@Oslo
Sweden|~Swedish|@Stockholm
Finland|~Finnish|@Helsinki
Denmark|~Danish|@Copenhagen
Poland|~Polish|~Poles|@Warsaw
Czech Republic|Czechia|~Czech
Slovakia|~Slovak
Hungary|~Hungarian|@Budapest
Romania|~Romanian
Bulgaria|~Bulgarian
Greece|~Greek|@Athens
Cyprus|~Cypriot
Malta
Serbia|~Serbian|~Serb|~Serbs|@Belgrade
Croatia|~Croatian
Bosnia and Herzegovina|Bosnia|~Bosnian
Slovenia
Montenegro
North Macedonia|Macedonia
Albania|~Albanian
Kosovo
Moldova
Belarus|~Belarusian|@Minsk
Lithuania|~Lithuanian
Latvia|~Latvian
Estonia|~Estonian
Georgia|~Georgian|@Tbilisi
Armenia|~Armenian
Azerbaijan|~Azerbaijani
Kazakhstan
Uzbekistan
Turkmenistan
Kyrgyzstan
Tajikistan
Mongolia
Myanmar|Burma|~Burmese
Thailand|~Thai|@Bangkok
Vietnam|Viet Nam|~Vietnamese|@Hanoi
Cambodia
Laos
Malaysia|~Malaysian
Singapore|~Singaporean
Indonesia|~Indonesian|@Jakarta
Philippines|~Filipino|@Manila
Bangladesh|~Bangladeshi
Sri Lanka|~Sri Lankan
Nepal
Bhutan
Maldives
Australia|~Australian|~Australians|@Canberra
New Zealand
Papua New Guinea
Fiji
Canada|~Canadian|~Canadians|@Ottawa
Mexico|~Mexican|~Mexicans
Cuba|~Cuban|@Havana
Haiti
Dominican Republic
Jamaica
Guatemala
Honduras
El Salvador
Nicaragua
Costa Rica
Panama
Colombia|~Colombian|@Bogota
Venezuela|~Venezuelan|@Caracas
Ecuador
Peru|~Peruvian
Bolivia
Chile|~Chilean
Argentina|~Argentine|~Argentinian|@Buenos Aires
Uruguay
Paraguay
Brazil|~Brazilian|@Brasilia
European Union|EU|E.U.|@Brussels
NATO|Nato|North Atlantic Treaty Organization
United Nations|UN|U.N.|UN Security Council|Security Council
International Monetary Fund|IMF
World Bank
World Trade Organization|World Trade Organisation|WTO
World Health Organization|World Health Organisation|WHO
OPEC|Opec
OECD
G7
G8
G20
African Union
Asean|ASEAN
Federal Reserve|US Federal Reserve|the Fed
Bank of England
European Central Bank|ECB
European Commission
Wagner Group|Wagner
Hamas
Hezbollah
Taliban
Islamic State|ISIS|ISIL
al-Qaeda|al Qaeda|al-Qaida
Labour Party|Labour
Conservative Party|Conservatives|Tories|Tory
Liberal Democrats|Lib Dems
Republican Party|Republicans|GOP
Democratic Party|Democrats
"""


def _rows() -> list[str]:
    return _TABLE.strip().replace("|\n", "|").splitlines()


# ISO names that, alone, mostly mean something else in English news ("New Jersey").
_ISO_AMBIGUOUS = frozenset(("Jersey",))


def _iso_names(country: object) -> list[str]:
    names = []
    for field in ("common_name", "name", "official_name"):
        name = getattr(country, field, None)
        if name and "," not in name:
            name = name.removeprefix("the ")
            if name not in _ISO_AMBIGUOUS:
                names.append(name)
    return names


@lru_cache(maxsize=1)
def alias_table() -> dict[str, str]:
    """Every alias (without its marker) mapped to its canonical actor name.

    The curated table wins where both name a country; treat the result as read-only.
    """
    out: dict[str, str] = {}
    for row in _rows():
        names = row.split("|")
        canonical = names[0]
        for alias in names:
            out.setdefault(alias.lstrip("~@"), canonical)
    for country in pycountry.countries:
        names = _iso_names(country)
        if not names:
            continue
        canonical = next((out[name] for name in names if name in out), names[0])
        for name in names:
            out.setdefault(name, canonical)
    return out


ACTORS: tuple[str, ...] = tuple(row.split("|")[0] for row in _rows())
DEMONYMS: frozenset[str] = frozenset(
    alias[1:] for row in _rows() for alias in row.split("|") if alias[0] == "~"
) | frozenset(("Western", "Eastern", "European", "Arab", "Asian", "African", "Latin", "Kurdish"))
