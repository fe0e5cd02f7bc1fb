"""Spanish search requests as people type them on a phone: no accents, ñ as n, typos,
Spanglish. Each entity reads as its English counterpart does ("barato" like "cheap",
"clases de ingles" like "english classes"); the look-alikes stay unread."""

from __future__ import annotations

import pytest

from bot.programs.request_parse import CHEAP_CEILING, parse


def of(text: str, entity: str) -> set[str]:
    return {f.value for f in parse(text) if f.entity == entity}


@pytest.mark.parametrize(("text", "value"), [
    ("cerca de Miami", "Miami"), ("en Houston", "Houston"), ("por el 33125", "33125"),
    ("cerca del 77002", "77002"), ("en el area de Dallas", "Dallas"),
    ("aqui en LA", "Los Angeles"), ("aca en LA", "Los Angeles"),
    ("en el área de dallas", "Dallas"), ("por la zona de houston", "Houston"),
    ("alrededor de san antonio", "San Antonio"), ("vivo en phoenix", "Phoenix"),
    ("estoy en chicago", "Chicago"), ("en nueva york", "New York"),
    ("en Nueva Orleans", "New Orleans"), ("cerca de mi casa en Austin", "Austin"),
    ("mi codigo postal es 33125", "33125"), ("mi zip es 77002", "77002"),
    ("en Miami, FL", "Miami, FL"), ("en houston tx", "Houston, TX"),
    ("cursos en el Bronx", "Bronx"), ("por el area de los angeles", "Los Angeles"),
    ("ando por fort worth", "Fort Worth"), ("aqui en el paso tx", "El Paso, TX"),
])
def test_spanish_places(text: str, value: str) -> None:
    assert of(text, "location") == {value}


@pytest.mark.parametrize("text", [
    "la clase de la mañana", "quiero una clase", "el paso siguiente", "en la casa",
    "tengo 3 hijos", "en texas",  # a state alone is no location here, as in English
])
def test_spanish_words_that_are_not_places(text: str) -> None:
    assert of(text, "location") == set()


@pytest.mark.parametrize(("text", "value"), [
    ("gratis", "free"), ("clases gratuitas", "free"), ("curso gratuito", "free"),
    ("sin costo", "free"), ("que no cueste", "free"), ("que no cueste nada", "free"),
    ("que sea gratis", "free"), ("no tengo dinero", "free"), ("no puedo pagar", "free"),
    ("no tengo para pagar", "free"), ("no tengo como pagar", "free"),
    ("menos de 500 dolares", "500"), ("menos de 500 dólares", "500"), ("hasta $300", "300"),
    ("hasta 300 dls", "300"), ("maximo 400", "400"), ("máximo $250", "250"),
    ("no mas de 200", "200"), ("no más de $600", "600"), ("$500 o menos", "500"),
    ("que cueste menos de 800", "800"), ("entre 200 y 500 dolares", "500"),
    ("puedo pagar 300", "300"), ("puedo pagar hasta 400", "400"),
    ("mi presupuesto es 700", "700"), ("menos de 1000 dlls", "1000"),
    ("barato", CHEAP_CEILING), ("algo baratito", CHEAP_CEILING),
    ("cursos economicos", CHEAP_CEILING), ("que no sea caro", CHEAP_CEILING),
    ("no muy caro", CHEAP_CEILING), ("de bajo costo", CHEAP_CEILING),
    ("a bajo costo", CHEAP_CEILING),
])
def test_spanish_costs(text: str, value: str) -> None:
    assert of(text, "cost") == {value}


@pytest.mark.parametrize("text", [
    "estoy libre los sabados", "gano 15 dolares la hora", "tengo 2 hijos", "a 10 millas",
    "hace 3 años", "a las 6", "hasta las 5",
])
def test_spanish_numbers_and_words_that_are_not_costs(text: str) -> None:
    assert of(text, "cost") == set()


@pytest.mark.parametrize(("text", "values"), [
    ("en la noche", {"evening"}), ("por las noches", {"evening"}), ("de noche", {"evening"}),
    ("en las noches", {"evening"}), ("despues del trabajo", {"evening"}),
    ("después de las 6", {"evening"}), ("en la tarde", {"daytime"}),
    ("fines de semana", {"weekend"}), ("los sabados", {"weekend"}),
    ("los sábados y domingos", {"weekend"}), ("el fin de semana", {"weekend"}),
    ("en la mañana", {"daytime"}), ("en la manana", {"daytime"}), ("de dia", {"daytime"}),
    ("por las mananas", {"daytime"}), ("en el dia", {"daytime"}),
    ("mientras mis hijos estan en la escuela", {"daytime"}),
    ("medio tiempo", {"part_time"}), ("tiempo parcial", {"part_time"}),
    ("de medio tiempo", {"part_time"}), ("unas horas al dia", {"part_time"}),
    ("clases nocturnas los sabados", {"evening", "weekend"}),
])
def test_spanish_schedules(text: str, values: set[str]) -> None:
    assert of(text, "schedule") == values


@pytest.mark.parametrize("text", [
    "buenas noches", "buenos dias", "trabajo en las noches", "anoche",
])
def test_spanish_greetings_and_work_times_are_not_schedules(text: str) -> None:
    assert of(text, "schedule") == set()


@pytest.mark.parametrize(("text", "code"), [
    ("en español", "es"), ("en espanol", "es"), ("clases en espaniol", "es"),
    ("que hablen español", "es"), ("que sea en espanol", "es"), ("en ingles", "en"),
    ("en inglés", "en"), ("solo en español", "es"),
])
def test_spanish_languages(text: str, code: str) -> None:
    assert of(text, "language") == {code}


@pytest.mark.parametrize("text", [
    "clases de ingles", "clases de inglés", "aprender ingles", "curso de ingles gratis",
    "quiero aprender inglés", "ingles",
])
def test_english_as_a_subject_in_spanish_is_esl(text: str) -> None:
    assert of(text, "occupation") == {"esl"} and of(text, "language") == set()


@pytest.mark.parametrize(("text", "value"), [
    ("en linea", "online"), ("en línea", "online"), ("por internet", "online"),
    ("virtual", "online"), ("clases virtuales", "online"), ("desde mi casa", "online"),
    ("por zoom", "online"), ("a distancia", "online"), ("presencial", "in_person"),
    ("en persona", "in_person"), ("clases presenciales", "in_person"),
    ("que no sea en linea", "in_person"), ("no virtual", "in_person"),
    ("no en línea", "in_person"),
])
def test_spanish_formats(text: str, value: str) -> None:
    assert of(text, "program_format") == {value}


@pytest.mark.parametrize(("text", "key"), [
    ("clases de cocina", "cooking"), ("aprender a cocinar", "cooking"),
    ("curso de reposteria", "baking"), ("curso de panadería", "baking"),
    ("curso de mesera", "food_service"), ("asistente de enfermeria", "cna"),
    ("auxiliar de enfermería", "cna"), ("enfermeria", "nursing"), ("enfermería", "nursing"),
    ("estudiar para enfermera", "nursing"), ("asistente medico", "medical_assistant"),
    ("asistente médica", "medical_assistant"), ("flebotomia", "phlebotomy"),
    ("tecnico de farmacia", "pharmacy_tech"), ("cuidado de personas mayores", "home_health"),
    ("cuidar personas mayores", "home_health"), ("cuidadora de ancianos", "home_health"),
    ("trabajar en el area de la salud", "healthcare"), ("cuidado de niños", "childcare"),
    ("cuidado de ninos", "childcare"), ("curso de niñera", "childcare"),
    ("curso de ninera", "childcare"), ("cuidado infantil", "childcare"),
    ("asistente de maestra", "teacher_aide"), ("ayudante de maestro", "teacher_aide"),
    ("cosmetologia", "cosmetology"), ("cosmetología", "cosmetology"),
    ("clases de belleza", "cosmetology"), ("curso de estilista", "cosmetology"),
    ("cortar cabello", "cosmetology"), ("uñas", "nails"), ("curso de unas", "nails"),
    ("clases de unas", "nails"), ("tecnica de unas", "nails"), ("uñas acrilicas", "nails"),
    ("pestañas", "esthetics"), ("pestanas", "esthetics"), ("maquillaje", "esthetics"),
    ("curso de barberia", "barber"), ("curso de masajes", "massage"),
    ("asistente de oficina", "office_admin"), ("trabajo de oficina", "office_admin"),
    ("facturacion medica", "medical_billing"), ("codificación médica", "medical_billing"),
    ("servicio al cliente", "customer_service"), ("cajera", "retail"),
    ("cajero de banco", "banking"), ("contabilidad", "bookkeeping"),
    ("preparacion de impuestos", "bookkeeping"), ("manejo de montacargas", "warehouse"),
    ("licencia de montacargas", "warehouse"), ("trabajo en almacen", "warehouse"),
    ("licencia de manejo comercial", "truck_driving"), ("manejar trailer", "truck_driving"),
    ("chofer de camion", "truck_driving"), ("trabajo en fabrica", "manufacturing"),
    ("linea de produccion", "manufacturing"), ("soporte tecnico", "it_support"),
    ("reparacion de computadoras", "it_support"), ("programacion", "coding"),
    ("diseño web", "coding"), ("computacion", "digital_skills"),
    ("clases de computadora", "digital_skills"), ("computación básica", "digital_skills"),
    ("diseño grafico", "graphic_design"), ("diseno grafico", "graphic_design"),
    ("costura", "sewing"), ("aprender a coser", "sewing"), ("diseño de modas", "sewing"),
    ("construccion", "construction"), ("albanil", "construction"),
    ("electricista", "electrician"), ("plomeria", "plumbing"), ("soldadura", "welding"),
    ("curso de soldador", "welding"), ("aire acondicionado", "hvac"),
    ("calefaccion", "hvac"), ("mecanica automotriz", "auto_mechanic"),
    ("mecánico", "auto_mechanic"), ("paneles solares", "solar"), ("limpieza", "cleaning"),
    ("limpieza de oficinas", "cleaning"), ("jardineria", "landscaping"),
    ("paisajismo", "landscaping"), ("hotelería", "hospitality"),
    ("guardia de seguridad", "security_guard"), ("licencia de guardia", "security_guard"),
    ("tecnico de emergencias medicas", "emt"), ("paramédico", "emt"),
    ("asistente dental", "dental_assistant"), ("asistente de dentista", "dental_assistant"),
    ("interprete", "interpreter"), ("traductora", "interpreter"),
    ("promotora de salud", "peer_support"), ("trabajador de salud comunitaria", "peer_support"),
    ("cuidado de mascotas", "animal_care"), ("peluqueria canina", "animal_care"),
    ("asistente veterinario", "animal_care"), ("bienes raices", "real_estate"),
    ("bienes raíces", "real_estate"), ("abrir mi propio negocio", "entrepreneurship"),
    ("emprender un negocio", "entrepreneurship"), ("clases de ingles", "esl"),
    ("terminar la prepa", "ged"), ("sacar el ged", "ged"), ("preparatoria abierta", "ged"),
])
def test_spanish_topics(text: str, key: str) -> None:
    assert of(text, "occupation") == {key}


@pytest.mark.parametrize(("text", "key"), [
    ("emfermeria", "nursing"), ("enfermeira", "nursing"), ("soldadra", "welding"),
    ("cosmetolojia", "cosmetology"), ("computasion", "digital_skills"),
    ("plomeria", "plumbing"), ("carpinteria", "construction"),
])
def test_spanish_typos(text: str, key: str) -> None:
    assert of(text, "occupation") == {key}


@pytest.mark.parametrize("text", [
    "quiero unas clases", "tengo unas preguntas", "unas horas", "el cuidado de mis hijos",
    "necesito ayuda", "hola buenas tardes", "la casa de mi mama",
])
def test_spanish_words_that_are_not_topics(text: str) -> None:
    assert of(text, "occupation") == set()


def test_a_whole_spanish_request() -> None:
    found = {(f.entity, f.value) for f in parse(
        "hola busco un curso de asistente de enfermeria gratis en la noche cerca de Houston "
        "que sea en español")}
    assert found == {("occupation", "cna"), ("cost", "free"), ("schedule", "evening"),
                     ("location", "Houston"), ("language", "es")}


def test_a_spanglish_request() -> None:
    found = {(f.entity, f.value) for f in parse(
        "kiero clases de welding online los weekends por el 77002 menos de 300 dolares")}
    assert found == {("occupation", "welding"), ("program_format", "online"),
                     ("schedule", "weekend"), ("location", "77002"), ("cost", "300")}
