"""The crisis net's phrase data: categories, fixed phrases, regular expressions and idioms.

Pure data, read by `patterns` and `matcher`. Phrases are over canonical words
(`normalize.canonical_words`: contractions written out, typos repaired); the regular
expressions run over the canonical text. Add a phrase to its category's list; a phrase that
a guard must look at twice goes to `guards`. Every change is checked against
tests/eval/crisis.yml (`make eval`) and the unit tests.
"""

from __future__ import annotations

SELF_HARM = "self_harm"
THREAT = "threat"
DANGER_NOW = "danger_now"
TRAFFICKING_NOW = "trafficking_now"
PRIORITY = {SELF_HARM: 0, THREAT: 1, TRAFFICKING_NOW: 2, DANGER_NOW: 3}

# Fixed phrases over canonical words (typos are already repaired by then): (category, one
# phrase a line; "#" starts a comment). A phrase listed twice takes the later category.
PHRASE_LISTS: list[tuple[str, str]] = [
    (
        SELF_HARM,
        """
    kill myself
    killing myself
    killed myself
    hurt myself
    hurting myself
    harm myself
    harming myself
    cut myself
    cutting myself
    burn myself
    burning myself
    end myself
    unalive myself
    selfharm
    i cut again
    i have been cutting
    suicide
    suicidal
    overdose
    overdosed
    overdosing
    end my life
    ending my life
    take my life
    take my own life
    taking my life
    end my own life
    end it all
    ending it all
    end it tonight
    end it now
    end everything
    better off dead
    better off without me
    rather be dead
    rather die
    wish i was dead
    wish i were dead
    wish i could die
    wish i was never born
    wish i was not alive
    wish i would not wake up
    never wake up
    not wake up
    not want to wake up
    hope i do not wake up
    slit my wrist
    slit my wrists
    cut my wrist
    cut my wrists
    cutting my wrists
    slash my wrists
    use it on myself
    nobody would miss me
    no one would miss me
    nobody would care if i
    no one would care if i
    this is goodbye
    goodbye forever
    goodbye everyone
    goodbye world
    my last message
    last message goodbye
    why keep living
    why should i live
    why am i even alive
    reason to keep living
    feel like dying
    feel like ending it
    hang myself
    hanging myself
    shoot myself
    shooting myself
    stab myself
    drown myself
    poison myself
    overdose on
    can not keep going
    can not keep living
    can not do this no more
    can not go on no more
    no quiero seguir aqui
    no quiero seguir viviendo
    me estoy cortando
    me corte las venas
    cortarme las venas
    quitar la vida
    quitarme la vida
    no quiero estar viva
    no quiero estar vivo
    quiero desaparecer
    irme de este mundo
    ir de este mundo
    no aguanto mas
    ya no aguanto
    ya no puedo mas
    sleep forever
    go to sleep forever
    stop existing
    not exist anymore
    not want to exist
    disappear forever
    no reason to live
    no reason to be alive
    no point in living
    no point living
    point of living
    point in living
    point of life
    reason to live
    reason to go on
    not worth living
    is not worth living
    can not go on
    can not take it anymore
    can not take this anymore
    can not do this anymore
    can not do it anymore
    do not want to live
    do not want to be alive
    do not want to be here anymore
    not want to live
    not want to be alive
    want it to end
    want it all to end
    want it all to stop
    want it to be over
    want the pain to stop
    want to be dead
    done with life
    done with living
    done living
    tired of living
    sick of living
    tired of being alive
    going to jump
    standing on the bridge
    standing on the roof
    standing on the edge
    on the ledge
    jump off the bridge
    jump off a bridge
    jump in front of
    goodbye letter
    goodbye letters
    goodbye note
    suicide note
    will not be here tomorrow
    not be here tomorrow
    will not be around
    pills in my hand
    took all my pills
    took all the pills
    took all of my pills
    took too many pills
    took a lot of pills
    took a bunch of pills
    took a bottle of pills
    took a handful of pills
    took pills
    took some pills
    swallowed pills
    swallowed a bottle
    swallowed a whole bottle
    swallowed all my pills
    swallowed the pills
    have a rope
    bought a rope
    rope ready
    pills ready
    gun to end it
    no quiero vivir
    quiero morir
    quiero morirme
    me quiero morir
    matarme
    me quiero matar
    me voy a matar
    suicidarme
    quitarme la vida
    no quiero estar aqui
    no quiero seguir viviendo
    cortarme
    me quiero cortar
    me voy a cortar
    acabar con todo
    acabar con mi vida
    terminar con mi vida
    me quiero suicidar
    me voy a suicidar
    suicida
    suicidas
    suicidio
    sobredosis
""",
    ),
    (
        DANGER_NOW,
        """
    sos
    mayday
    i am in danger
    we are in danger
    my kids are in danger
    my children are in danger
    my life is in danger
    am in danger
    i am not safe
    i am unsafe
    not safe here
    not safe at home
    not safe tonight
    not safe anymore
    am not safe
    nowhere safe
    no safe place
    nowhere to go tonight
    nowhere to sleep tonight
    nowhere to hide
    need somewhere safe
    need someplace safe
    need a safe place
    need a place to hide
    somewhere to hide
    kicked me out tonight
    need to get out now
    need to get out tonight
    need to get out of here
    need to get away
    help me escape
    help me get away
    help me get out
    get away from him
    get away from them
    come get me
    come and get me
    come pick me up
    save me
    rescue me
    call 911
    call the police
    call police
    need the police
    need police
    send the police
    send police
    send help
    get the police
    call an ambulance
    need an ambulance
    i do not know where i am
    we do not know where we are
    something bad is going to happen
    something bad will happen
    scared for my life
    afraid for my life
    fear for my life
    fearing for my life
    scared for my kids
    afraid for my kids
    hiding from him
    hiding from them
    hiding from my
    i am bleeding
    am bleeding
    bleeding a lot
    bleeding bad
    bleeding badly
    in trouble please
    in danger
    can not get away
    can not get away from him
    in trouble help
    estoy en peligro
    no estoy segura
    no estoy seguro
    necesito ayuda ya
    necesito ayuda ahora
    necesito ayuda urgente
    llama a la policia
    llamen a la policia
    llamar a la policia
    auxilio
    socorro
    ven por mi
    vengan por mi
    sacame de aqui
    no se donde estoy
    no estoy a salvo
    no estamos a salvo
    estamos en peligro
    corro peligro
    saquenme de aqui
""",
    ),
    (
        THREAT,
        """
    i got jumped
    got jumped
    i was jumped
    i have been jumped
    he drugged me
    drugged me
    they drugged me
    something in my drink
    spiked my drink
    i am dead if
    you are dead if
    your dead if
    i am dead when
    said i am dead
    says i am dead
    said you are dead
    gun to my head
    knife to my throat
    knife to my neck
    i am being followed
    i am being watched
    i am being stalked
    i am being hunted
    i am being tracked
    i am being threatened
    i am being hurt
    i am being beaten
    i am being abused
    i am being attacked
    i was raped last night
    i was raped today
    i was raped yesterday
    i was just raped
    i just got raped
    i got raped
    i have been raped
    i was raped again
    i was attacked
    i got attacked
    i got beat up
    i got beaten
    i got hurt bad
    i am hurt bad
    i am hurt badly
    i am hurt really bad
    i am really hurt
    i am badly hurt
    i am so hurt
    me quiere matar
    me quieren matar
    me va a matar
    me van a matar
    me va a pegar
    me van a pegar
    me va a golpear
    me va a lastimar
    me va a violar
    me va a hacerdano
    me van a hacerdano
    me quiere hacerdano
    hacerme dano
    me quiere pegar
    death threat
    death threats
    sending me threats
    sent me threats
    blackmailing me
    blackmailed
    being blackmailed
    blackmail me
    extorting me
    sextortion
    he is on top of me
    i can not breathe
    send help now
    me amenazo
    me amenaza
    me amenazan
    me amenazaron
    me esta pegando
    me esta golpeando
    me pego
    me pega
    me pegan
    me pegaron
    me golpeo
    me golpea
    me golpean
    me golpearon
    me violo
    me violaron
    me lastimo
    me lastima
    me ahorco
    me quemo
    tiene una pistola
    tiene un cuchillo
    tiene un arma
    me drogo
    me drogaron
    no puedo respirar
""",
    ),
    (
        TRAFFICKING_NOW,
        """
    i am being trafficked
    we are being trafficked
    i am trafficked
    i am still being trafficked
    being trafficked right now
    being trafficked now
    i am being sold
    i am being pimped
    i am being forced
    we are being forced
    i am being held
    held against my will
    held against our will
    being held against
    i am trapped
    we are trapped
    i am a prisoner
    can not leave the house
    can not leave this house
    can not leave the room
    can not leave the motel
    can not leave the hotel
    can not leave the apartment
    can not leave this place
    can not escape
    can not run away
    see clients
    seeing clients
    see johns
    do dates
    doing dates
    turn tricks
    turning tricks
    sleep with men for money
    sleep with guys for money
    have sex for money
    sex for money
    meet men for money
    with men for money
    with his friends for money
    make my quota
    my quota
    moved me to another city
    moved us to another city
    do not let us go outside
    do not let us out
    do not let me out
    me obligan
    me obliga
    nos obligan
    no me dejan salir
    no me deja salir
    no me dejan ir
    no me deja ir
    no me dejan irme
    no me deja irme
    estoy encerrada
    estoy atrapada
    estoy atrapado
    me tienen atrapada
    no puedo salir
    no puedo escapar
    no puedo irme
    no podemos salir
    me obligaron
    me obligo
    me estan obligando
    me forzaron
    secuestrada
    secuestrado
    me secuestraron
    me secuestro
    not allowed to have a phone
    not allowed to talk to anyone
    not allowed to see my family
    me tiene atrapada
    estoy encerrado
    me tienen encerrada
    me tiene encerrada
    me tienen encerrado
    me quitaron el pasaporte
    me quitaron mi pasaporte
    me quitaron los papeles
    me quitaron mis papeles
    me quitaron mis documentos
    tiene mi pasaporte
    tienen mi pasaporte
    me vendio
    me vendieron
    me venden
    me esta vendiendo
    trata de personas ahora
""",
    ),
]

# Regular expressions over the canonical text, for what word sets say badly.
REGEXES: list[tuple[str, str, str]] = [
    # (name, category, pattern)
    (
        "want_die",
        SELF_HARM,
        r"\b(?:want|wanted|wants|going|ready|about|trying|try|wish|wishing|"
        r"should|just|gonna|need|like)\s+(?:to\s+|2\s+)?(?:just\s+)?(?:die|"
        r"dye|dy|be dead)\b(?!\s+(?:my|her|his|the|it|your)\s+hair)(?!\s+"
        r"(?:if i do not|if i can not|if i have to|if i get|if i see|if i "
        r"hear|if i miss|of|laughing|happy|rich|old|young)\b)(?!\s+(?:my|her"
        r"|his|the|it)\b)",
    ),
    (
        "should_die",
        SELF_HARM,
        r"\bi\s+(?:should|could|might|will|would)\s+(?:just\s+)?(?:die|be "
        r"dead|kill myself|end it)\b",
    ),
    (
        "end_it",
        SELF_HARM,
        r"\b(?:going to|want to|will|ready to|about to|just|gonna|wanna|need "
        r"to|have to|plan to|planning to|thinking about|thinking of)\s+"
        r"(?:just\s+)?(?:end(?:ing)? it|end(?:ing)? everything|end(?:ing)? my "
        r"life)\b(?!\s+(?:with|here\b|now\s+thanks))",
    ),
    (
        "jump",
        SELF_HARM,
        r"\b(?:going to|want to|will|about to|gonna|ready to)\s+jump(?:\s+(?:off"
        r"|from|in front))?\s*$",
    ),
    ("unalive", SELF_HARM, r"\bunalive\b"),
    (
        "dont_wake",
        SELF_HARM,
        r"\b(?:sleep|go to sleep|close my eyes)\s+and\s+(?:never|"
        r"not)\s+wake\b",
    ),
    (
        "no_point",
        SELF_HARM,
        r"\bwhat is the point(?:\s+(?:of|in))?\s+(?:living|life|going on|"
        r"anything|trying|being alive|anymore)\b",
    ),
    (
        "if_i_died",
        SELF_HARM,
        r"\b(?:no one|nobody|noone|who)\s+(?:would|will|even)\s+(?:care|"
        r"notice|miss me|cry)\s+if\s+i\s+(?:died|was dead|were dead|was "
        r"gone|were gone|disappeared|killed myself)\b|\bbetter\s+(?:if|"
        r"when)\s+i\s+(?:am|was|were|died|die)\s*(?:dead|gone|not here|not "
        r"around)?\b(?<!better if i am)(?<!better when i am)|\b(?:better|"
        r"happier|easier)\s+(?:off\s+)?(?:if|when)\s+i\s+(?:was|were|am)\s+"
        r"(?:dead|gone|not here|not around)\b|\b(?:everyone|everybody|my "
        r"kids|my family|they)\s+(?:would|will)\s+be\s+(?:better|"
        r"happier)\s+(?:off\s+)?without me\b",
    ),
    (
        "pills_taken",
        SELF_HARM,
        r"\b(?:took|swallowed|ate|downed|popped|taken|have taken|just "
        r"took)\s+(?:a bunch of|a lot of|lots of|all(?: of)?(?: my| the)?"
        r"|too many|every|the whole|a whole|a bottle of|a whole bottle of"
        r"|a handful of|handfuls of|like \d{2,}|\d{2,}|twenty|thirty|"
        r"fifty)\s*(?:of\s+)?(?:my\s+|the\s+|his\s+|her\s+)?(?:pills|meds"
        r"|medication|medicine|tablets|sleeping pills|pain pills|xanax|"
        r"tylenol|oxy|oxys|percs|bars|advil)\b",
    ),
    (
        "no_reason",
        SELF_HARM,
        r"\bno (?:reason|point)\s+(?:to|in)\s+(?:keep |go on |be |stay )?"
        r"(?:live|living|going|alive|trying|being alive|breathing|"
        r"existing)\b",
    ),
    (
        "tell_family",
        SELF_HARM,
        r"\btell my (?:kids|kid|mom|mother|family|daughter|son|sister|"
        r"children|baby) (?:i love (?:them|her|him)|i am sorry)\b",
    ),
    (
        "poison",
        SELF_HARM,
        r"\b(?:drank|drink|drinking|swallowed|swallow|took|ate)\s+(?:some\s+)?"
        r"(?:bleach|poison|antifreeze|rat poison|drain cleaner)\b",
    ),
    (
        "jump_off",
        SELF_HARM,
        r"\bjump(?:ing)?\s+(?:off|from)\s+(?:the|a|this|my)\s+(?:building|"
        r"bridge|roof|balcony|cliff|overpass|ledge|window|tower|parking "
        r"garage)\b|\bjump(?:ing)?\s+in front of\s+(?:a|the)\s+(?:train|car|"
        r"bus|truck)\b",
    ),
    (
        "cutting",
        SELF_HARM,
        r"\bi (?:am|have been|keep|started|was) cutting(?:\s+(?:again|myself|"
        r"my (?:arms?|legs?|wrists?|thighs?|skin)))?\s*(?:_distress\s*)*$|"
        r"\bcutting again\b|\b(?:turn|use|point)\s+(?:it|the gun|a gun|the "
        r"knife|a knife)\s+on myself\b",
    ),
    ("burden_die", SELF_HARM, r"\bi am a burden\b.{0,160}?\b(?:die|dead|gone|end)\b"),
    (
        "help_urgent",
        DANGER_NOW,
        r"\b(?:help|ayuda|ayudame)(?:\s+(?:me|us|please|now|right now|"
        r"asap|fast|quick|quickly|hurry|immediately|help|someone|"
        r"somebody|anyone|plz|por favor|ya|ahora|rapido|urgente))*\s+"
        r"(?:now|right now|asap|fast|quick|quickly|hurry|immediately|"
        r"someone|somebody|anyone|help|ya|ahora|rapido|urgente|"
        r"_distress)\b(?!\s+(?:question|questions|with|on|for|to|in|"
        r"about|finding|find|writing|write|filling|fill|making|make|"
        r"getting|get a|get my|understanding|understand|paying|pay|"
        r"choosing|choose|applying|apply|enrolling|enroll|signing|sign|"
        r"this|the|my|con|para|a|en|el|la|mi)\b)",
    ),
    (
        "help_plea_end",
        DANGER_NOW,
        r"(?:^help\s+(?:me|us)|\b(?:please|plz|someone|somebody|"
        r"anyone)\s+help(?:\s+(?:me|us))?)(?:\s+(?:please|now|right "
        r"now|fast|quick|someone|asap))*\s*(?:_distress\s*)*$",
    ),
    (
        "ayudame",
        DANGER_NOW,
        r"^(?:por favor\s+)?(?:ayudame|ayuda(?:\s+por favor|\s+porfa|"
        r"\s+porfavor)|ayudame\s+(?:por favor|porfa|porfavor))(?:\s+(?:por "
        r"favor|porfa|porfavor|ya|ahora))?\s*(?:_distress\s*)*$",
    ),
    (
        "help_please",
        DANGER_NOW,
        r"\bhelp(?:\s+(?:me|us))?\s+please\b(?!\s+(?:with|on|for|to|find"
        r"|finding|write|writing|fill|make|get|understand|choose|apply|"
        r"enroll|sign|i need|how|what|where|can|i want|this|i do not|i "
        r"am confused|i am lost|i have a question)\b)",
    ),
    (
        "please_help",
        DANGER_NOW,
        r"\bplease\s+help(?:\s+(?:me|us)\b)?(?!\s+(?:me|us)\b)(?!\s+"
        r"(?:with|on|for|to|find|finding|write|writing|fill|filling|make"
        r"|making|get|getting|understand|choose|apply|enroll|sign|pay|"
        r"paying|i need|how|what|where|can|this|the|my|a|an)\b)",
    ),
    ("help_distress", DANGER_NOW, r"\b(?:_distress\b.{0,160}?\bhelp|help\b.{0,160}?\b_distress)\b"),
    (
        "need_help_now",
        DANGER_NOW,
        r"\b(?:need|needs|want)\s+(?:some\s+)?help\s+(?:right now|now|"
        r"asap|fast|quick|immediately|urgently|badly)\b(?!\s+"
        r"(?:question|questions|q|with|on|for|to|in|about|finding|find"
        r"|writing|filling|making|getting|understanding|paying|"
        r"choosing|applying|enrolling|signing|this|the|my)\b)",
    ),
    (
        "help_presence",
        DANGER_NOW,
        r"\bhelp\b.{0,160}?\b(?:he|she|they|someone|somebody|a man|a "
        r"guy|my ex|my pimp|my boyfriend|my husband)\s+(?:is|are)\s+"
        r"(?:here|back|coming|home|at|in|inside|outside|downstairs|"
        r"upstairs|behind)\b|\b(?:he|she|they|someone|somebody|a man|"
        r"a guy|my ex|my pimp|my boyfriend|my husband)\s+(?:is|are)\s+"
        r"(?:here|back|coming|home|inside|outside|downstairs|upstairs|"
        r"behind me)\b.{0,160}?\bhelp\s*(?:me|us|please)?\s*"
        r"(?:_distress\s*)*$",
    ),
    (
        "emergency",
        DANGER_NOW,
        r"\bemergency\b(?!\s+(?:room|rooms|number in|number for|numbers|"
        r"line for|assistance|childcare|child care|fund|funds|funding|"
        r"money|cash|loan|loans|rent|contact|contacts|number for my|"
        r"savings|kit|leave|grant|grants|food|snap|benefits|medicaid|"
        r"dental|vet|room visit|room bill|bill|bills|help with|"
        r"contraception|alert|alerts|broadcast|plan|preparedness|"
        r"management|medical technician|medicine|services job|dispatcher|"
        r"dispatch|responder|responders|room job|nurse|nursing|training|"
        r"course|class|classes|certification|exit))(?<!\bnon emergency)"
        r"(?<!\bin case of emergency)(?<!\bfor emergency)(?<!\bemergency "
        r"contact)",
    ),
    (
        "call_police",
        DANGER_NOW,
        r"\b(?:call|calling|get|send|need|want|bring)\s+(?:the\s+|a\s+)?"
        r"(?:police|911|ambulance|sheriff)\b(?!\s+(?:report|reports|"
        r"record|records|check|checks|department|file|files|clearance|"
        r"background|station number|non emergency|for my|on my record|"
        r"about my record|to clear|to get my|to check))",
    ),
    ("call_911", DANGER_NOW, r"\b911\b(?!\s+(?:dispatcher|operator job|training|class|course))"),
    (
        "in_danger",
        DANGER_NOW,
        r"\b(?:i|we|my kids|my children|my baby|my daughter|my son)\s+"
        r"(?:am|are|is|feel|feels)\s+(?:so\s+|really\s+|very\s+|"
        r"in\s+real\s+)?(?:in danger|unsafe)\b",
    ),
    (
        "not_safe",
        DANGER_NOW,
        r"\b(?:i|we)\s+(?:am|are|do not feel|does not feel|feel|feeling)\s+"
        r"(?:so\s+|really\s+|very\s+)?not\s+safe\b|\b(?:i|we)\s+(?:do not|"
        r"dont|don't)\s+feel\s+safe\b(?!\s+(?:using|with this app|with "
        r"this chat|sharing|giving|telling you|typing|talking to a bot))",
    ),
    (
        "nowhere_tonight",
        DANGER_NOW,
        r"\b(?:nowhere|no where|no place|no safe place)\s+"
        r"(?:safe\s+)?(?:to\s+(?:go|stay|sleep|hide)\s+)?(?:tonight|"
        r"right now|now)\b|\bkicked me out\b.{0,160}?\b(?:tonight|"
        r"nowhere|no where|not safe)\b|\bnowhere safe\b",
    ),
    (
        "cant_go_back",
        DANGER_NOW,
        r"\b(?:can not|can't|cannot)\s+go\s+(?:back\s+)?(?:home|there|"
        r"back there)\b(?!\s+(?:for|to get|until|after class|after work"
        r"|for lunch))",
    ),
    (
        "shelter_tonight",
        DANGER_NOW,
        r"\b(?:need|find|get)\s+(?:a\s+)?(?:shelter|safe house|safe "
        r"place|place to stay|place to sleep|somewhere to sleep|"
        r"somewhere to stay)\s+(?:tonight|right now|now|asap)\b",
    ),
    (
        "help_getaway",
        DANGER_NOW,
        r"\bhelp\s+(?:me|us)\s+(?:get away|get out|escape|leave him|"
        r"leave them|run)\b",
    ),
    (
        "dont_know_where",
        DANGER_NOW,
        r"\b(?:do not|dont) know where (?:i am|we are)\b(?!\s+"
        r"(?:going|at with|in life|with my|on the|in the process))",
    ),
    (
        "bad_happen",
        DANGER_NOW,
        r"\bsomething (?:bad|terrible|awful) (?:is going to|will|is "
        r"about to|might) happen\b",
    ),
    (
        "trouble_end",
        DANGER_NOW,
        r"\b(?:i am|we are|i am in|im in)\s+(?:in\s+)?(?:big |real |"
        r"serious |so much )?trouble\s*(?:_distress\s*)*$|^"
        r"(?:in\s+)?danger$",
    ),
    (
        "forced_unwanted",
        TRAFFICKING_NOW,
        r"\b(?:making|make|makes|made|forcing|force|forces|"
        r"forced)\s+(?:me|us)\s+(?:do|to do)\s+(?:things|stuff|"
        r"it|that|this|sexual things|sex stuff)\b.{0,160}?\b"
        r"(?:do not|did not|never)\s+want\b",
    ),
    (
        "weapon_there",
        THREAT,
        r"\bthere is (?:a|his)\s+(?:gun|knife|weapon)\b(?!\s+(?:show|shop|"
        r"store|class|range|safety))",
    ),
    (
        "strong_here",
        THREAT,
        r"\b(?:my\s+|the\s+)?(?:pimp|trafficker|traffickers|abuser|captor|"
        r"captors|kidnapper|stalker)\s+(?:is|are)\s+(?:here|back|coming|at|"
        r"outside|in town)\b",
    ),
    (
        "trouble_help",
        DANGER_NOW,
        r"\bi am in (?:big |real |serious )?(?:trouble|"
        r"danger)\b.{0,160}?\b(?:help|please|now|scared)\b",
    ),
    (
        "hiding",
        DANGER_NOW,
        r"\b(?:i am|we are)\s+(?:still\s+)?hiding(?:\s+(?:in|from|under|"
        r"behind|inside|right now|now)\b|\s*(?:_distress\s*)*$)",
    ),
    (
        "hurt_now",
        THREAT,
        r"\bi (?:am|got|get|was|have been|just got) (?:hurt|injured|bleeding|"
        r"hit|beat up|jumped|stabbed|shot)\s*(?:again\s*|by him\s*|last "
        r"night\s*|today\s*)?(?:_distress\s*)*$|\bi (?:am|got|was|have been|"
        r"just got) (?:hurt|injured)\s+(?:bad|badly|really bad|so bad|and|"
        r"please|help|he|they|by him|by them|by my)\b",
    ),
    (
        "dead_if",
        THREAT,
        r"\b(?:i am|you are|your|ur|she is|i will be|you will be)\s+dead\s+if\b|"
        r"\b(?:said|says|told me|swears|swore)\s+(?:that\s+)?(?:i am|you are|"
        r"your|ur|i will be)\s+dead\b",
    ),
    (
        "passive_harm",
        THREAT,
        r"\b(?:i|we)\s+(?:am|are|was|were|got|get|have been|has been|been|"
        r"just got|am getting|am being|are getting|are being|keep "
        r"getting)\s+(?:just\s+)?(?:beat(?!\s+(?:at|in|by a|the|my|it|to|"
        r"out)\b)|raped|beaten|beat up|assaulted|attacked|stabbed|shot|"
        r"strangled|choked|kidnapped|abducted|drugged|molested)\b",
    ),
    (
        "weapon_any",
        THREAT,
        r"\b(?:he|she|they|someone|somebody|a man|a guy|my ex|my pimp|my "
        r"boyfriend|my husband|my trafficker)\s+(?:is\s+)?(?:has|have|got|is "
        r"holding|pulled|is carrying|is pointing|came with|is waving)\s+"
        r"(?:a\s+|his\s+|her\s+)?(?:gun|knife|weapon|pistol|blade|machete)\b",
    ),
    (
        "house_threat",
        THREAT,
        r"\b(?:shoot|shooting|burn|burning|blow|blowing)\s+(?:up|down)\s+"
        r"(?:the|my|our)\s+(?:house|place|apartment|car|home|building)\b|\b"
        r"(?:burn|burning)\s+(?:the|my|our)\s+(?:house|place|apartment|car|"
        r"home)\s+down\b",
    ),
    (
        "you_next",
        THREAT,
        r"\b(?:said|says|told me|texted|swears)\s+(?:that\s+)?(?:i am|you are|"
        r"your|ur|i will be|we are)\s+next\b|\b(?:make|making|makes)\s+(?:me|"
        r"us)\s+disappear\b",
    ),
    (
        "get_killed",
        THREAT,
        r"\b(?:i am|we are|i)\s+(?:going to|gonna|will|about to|might|"
        r"could)\s+(?:get|be)\s+(?:killed|hurt|beaten|beat up|raped|murdered|"
        r"shot|stabbed|jumped)\b(?!\s+(?:at work|by a car|in traffic|doing|"
        r"playing))",
    ),
    (
        "leave_tonight",
        DANGER_NOW,
        r"\b(?:need|have|got)\s+to\s+(?:leave|get out|run|escape)\s+"
        r"(?:(?:him|them|here|this house|this place)\s+)?(?:tonight|"
        r"right now|asap|before he|before they)\b(?!\s+(?:to catch|for"
        r"|because of work|after))",
    ),
    ("threat_words", THREAT, r"\b(?:threatened|threatening|threatens)\s+(?:me|us)\b"),
    (
        "drunk_violent",
        THREAT,
        r"\b(?:he|she|my ex|my boyfriend|my husband|my pimp|my "
        r"partner)\s+is\s+(?:coming\s+(?:over|home|back)\s+and\s+(?:he|"
        r"she)\s+is\s+)?(?:drunk|high|raging|violent|on "
        r"drugs)\b.{0,160}?\b(?:coming|here|home|outside|over|yelling|"
        r"screaming|mad|angry|scared)\b|\b(?:coming\s+(?:over|home|back|"
        r"here))\b.{0,160}?\b(?:drunk|high|raging|violent|with a gun|with "
        r"a knife)\b",
    ),
    (
        "kids_leverage",
        TRAFFICKING_NOW,
        r"\b(?:has|took|have|keeps|is keeping|is holding|got|is "
        r"got|took)\s+(?:my|our)\s+(?:son|daughter|kid|kids|baby|"
        r"children|child)\b.{0,160}?\b(?:unless|until|have to|"
        r"has to|if i|or else|will not give|not give|keep working"
        r"|work for)\b",
    ),
    (
        "not_let_end",
        TRAFFICKING_NOW,
        r"\b(?:will not|do not|does not|never|not)\s+let\s+(?:me|"
        r"us)(?:\s+(?:leave|go))?\s*(?:_distress\s*)*$",
    ),
    (
        "escape_need",
        DANGER_NOW,
        r"\bneed to (?:escape|run away|run)\b(?!\s+(?:my|this boring|"
        r"reality|poverty|boredom|the routine|the city|for a|on vacation"
        r"|errands|to the store|an errand|a program|the program))",
    ),
    (
        "nowhere_end",
        DANGER_NOW,
        r"\b(?:have|got|with)\s+(?:nowhere|no where|no place)\s+"
        r"(?:safe\s+)?to\s+(?:go|stay|sleep|hide)\s*(?:_distress\s*)*$|"
        r"\b(?:no tengo|sin)\s+(?:a\s+)?donde\s+(?:ir|dormir|"
        r"quedarme)\s+(?:esta noche|hoy)\b",
    ),
    (
        "give_money",
        TRAFFICKING_NOW,
        r"\b(?:have to|has to|make me|makes me|forced to|forces me "
        r"to|must|need to)\s+(?:give|bring|hand|pay)\s+(?:him|them|"
        r"her|daddy|my pimp|my boyfriend)\s+(?:all\s+)?(?:of\s+)?"
        r"(?:the|my|\d+|money|cash)\b",
    ),
    (
        "sleep_with_boss",
        TRAFFICKING_NOW,
        r"\b(?:have to|has to|make me|makes me|forced to|"
        r"forces me to|must)\s+(?:sleep with|have sex with|be "
        r"with)\s+(?:him|them|the boss|my boss|men|guys|his "
        r"friends|the landlord|strangers)\b|\b(?:call|report "
        r"me to|report us to|tell)\s+(?:immigration|ice|la "
        r"migra|migracion)\b",
    ),
    (
        "urgent_help",
        DANGER_NOW,
        r"\burgent(?:ly)?\s+help\b(?!\s+(?:with|on|for|to))|\bhelp\s+"
        r"(?:needed\s+)?urgent(?:ly)?\b(?!\s+(?:with|on|for|to))",
    ),
    (
        "cannot_leave",
        TRAFFICKING_NOW,
        r"\b(?:i|we)\s+(?:can not|am not allowed to|are not "
        r"allowed to|am not able to)\s+(?:leave|get out|go out|go "
        r"outside|escape|run away)\b(?:\s+(?:of\s+)?(?:the|this|"
        r"here)\s*(?:house|room|place|motel|hotel|apartment|"
        r"building|club|spa|salon|parlor|farm|basement|car)?\b|\s+"
        r"(?:because|they|he|she|until i pay|till i pay|without)\b"
        r"|\s*(?:_distress\s*)*$)",
    ),
    (
        "cannot_get_out",
        TRAFFICKING_NOW,
        r"\bcan not (?:get out|escape|run away|get away)\b(?:\s+"
        r"(?:of here|of this house|of the house|of the room|"
        r"from him|from them|they|he|because|please|help)\b|\s*"
        r"(?:_distress\s*)*$)",
    ),
    (
        "send_someone",
        DANGER_NOW,
        r"\bsend\s+(?:someone|somebody|help|the police|police|an "
        r"ambulance)(?:\s+(?:to|here|now|please|asap|right now|quick|"
        r"fast)\b|\s*(?:_distress\s*)*$)",
    ),
    (
        "held_things",
        TRAFFICKING_NOW,
        r"\b(?:will not|do not|does not|never|not|refuses? to)\s+"
        r"(?:give|return|hand)\s+(?:me\s+|us\s+)?(?:back\s+)?(?:my|"
        r"our)\s+(?:\w+\s+){0,4}?(?:passport|papers|documents|id|"
        r"visa|pasaporte|papeles)\b",
    ),
    (
        "debt_to_them",
        TRAFFICKING_NOW,
        r"\b(?:debt|debts)\s+(?:to|with)\s+(?:him|them|her|my pimp"
        r"|my boss|the boss|my trafficker|daddy)\b",
    ),
    (
        "quota_guys",
        TRAFFICKING_NOW,
        r"\b(?:have to|has to|make me|makes me|forced to|forces me "
        r"to|must|need to)\s+(?:see|sleep with|meet|do|service|be "
        r"with|go with)\s+(?:like\s+)?(?:\d+|a lot of|many|so many|"
        r"ten|five|six|seven|eight|twenty)\s+(?:guys|men|clients|"
        r"johns|dates|customers|tricks)\b",
    ),
    (
        "moved_away",
        TRAFFICKING_NOW,
        r"\b(?:they|he|she|pimp|trafficker|boss)\s+(?:is|are|will|"
        r"going to|want to|plan to)?\s*(?:going to\s+)?(?:move|"
        r"moving|ship|shipping|send|sending|take|taking)\s+(?:me|"
        r"us)\s+to\s+(?:another|a different|a new|other)\s+(?:state|"
        r"city|country|town|house|place)\b.{0,160}?\b(?:tonight|"
        r"tomorrow|against|do not know|can not|without)\b",
    ),
    (
        "es_progressive",
        THREAT,
        r"\bme\s+(?:esta|estan|estaba|estaban)\s+(?:pegando|golpeando|"
        r"amenazando|lastimando|violando|vendiendo|obligando|ahorcando|matando)\b",
    ),
    (
        "debt_bondage",
        TRAFFICKING_NOW,
        r"\b(?:owe|owes)\s+(?:him|them|her|my pimp|the boss|my "
        r"boss)\b.{0,160}?\b(?:can not leave|until i pay|till i "
        r"pay|before i can leave|not let me|pay it off|pay off)\b|"
        r"\bcan not leave\s+(?:until|till)\s+i\s+pay\b",
    ),
    (
        "work_no_pay_held",
        TRAFFICKING_NOW,
        r"\b(?:make|makes|making|force|forces|forcing)\s+(?:me"
        r"|us)\b.{0,60}?\bwork\b.{0,160}?\b(?:for free|"
        r"without pay|without paying|no pay|do not pay|not pay"
        r"|never pay|will not let|not let me|keep my|can not "
        r"leave)\b",
    ),
    (
        "regret",
        THREAT,
        r"\b(?:said|says|told me|texted|threatened|swears|swore|"
        r"warned)\b.{0,40}?\b(?:i|you)\s+(?:will|would|are going to|am going "
        r"to)\s+regret\b|\b(?:you will|you are going to)\s+pay for this\b",
    ),
    (
        "strong_coming",
        THREAT,
        r"\b(?:pimp|trafficker|traffickers|abuser|captor|kidnapper|"
        r"stalker)\b.{0,120}?\b(?:he|she|they)\s+(?:is|are)\s+(?:coming|"
        r"outside|here|on (?:his|her|their) way|in town|back)\b",
    ),
    (
        "trafficked_start",
        TRAFFICKING_NOW,
        r"^(?:still\s+)?(?:being\s+)?(?:trafficked|sold|"
        r"pimped)\b(?!\s+(?:years|when|as a|in \d))",
    ),
    (
        "escaped_looking",
        THREAT,
        r"\b(?:escaped|ran away|left)\b.{0,160}?\b(?:looking for me|"
        r"after me|hunting me|coming for me|found me)\b",
    ),
    ("fear_miedo_end", DANGER_NOW, r"\btengo\s+(?:mucho\s+|tanto\s+)?miedo\s*$"),
]

# Idioms masked before matching: thing-subjects that "kill" or make one "die", and so on.
_IDIOM_SUBJECTS = (
    r"(?:this|that|these|those|it|the|my|our|your|his|her|their|a|an)?\s*"
    r"(?:kid is |kids |son is |daughter is )?"
    r"(?:school|job|work|heat|weather|cold|traffic|line|wait|waiting|joke|jokes|show|song|movie|"
    r"video|"
    r"forms?|paperwork|homework|class|classes|test|exam|interview|shift|shifts|commute|bus|rent|"
    r"bills?|"
    r"feet|back|knees?|head|neck|legs?|stomach|tooth|teeth|cramps|period|boss is|suspense|anxiety|"
    r"stress|hunger|kids|this|that|it|price|prices|process|application|applications|week|day|month|"
    r"laugh|laughing|battery|phone|car|plant|plants|wifi|internet|laptop|computer|manager|coffee|"
    r"music|vibe|outfit|look|hair|nails|makeup)"
)
IDIOMS = [
    rf"\b{_IDIOM_SUBJECTS}\s+(?:is|are|was|were|has been|have been|keeps|be)?\s*"
    r"(?:literally\s+|really\s+|so\s+|just\s+)?"
    r"(?:killing|killed|kills|going to kill|will kill|gonna kill|murdering|slaying)\s+(?:me|us)\b",
    r"\b(?:you are|you|your|ur|u|lol you are|this bot is|the bot is)\s+(?:killing|killed|"
    r"kill)\s+(?:me|it)\b",
    r"\b(?:is|are|was|were)\s+killing\s+me\s+with\b",
    r"\b(?:killing|killed|kill|killin)\s+(?:it|time|the game|the interview|that|this)\b",
    r"\bkill\s+(?:the|those|these|all the|my)\s+(?:notifications?|app|apps|lights?|engine|music|"
    r"vibe|mood|process|tabs?|bugs?|roaches|weeds?|spiders?|ants|time)\b",
    r"\b(?:could|would|i would|i'd)\s+(?:kill|die)\s+(?:for|to)\b",
    r"\bdying\s+(?:to|of|for|laughing|inside lol)\b",
    r"\b(?:almost|nearly)\s+died\s+(?:of|laughing|from embarrassment)\b",
    r"\bdied\s+(?:of|laughing)\b",
    r"\b(?:phone|battery|car|plant|plants|laptop|computer|fish|goldfish|tv|charger)\s+(?:is\s+|"
    r"was\s+|just\s+|about to\s+|going to\s+|keeps\s+)*(?:dying|died|dead|die)\b",
    r"\bdead\s+(?:tired|serious|broke|set|end|line|lines|last|center|wrong|on|ass|asleep|beat)\b",
    r"\bbeat\s+(?:me|us)\s+to\s+(?:it|the)\b",
    r"\b(?:beat|beating)\s+(?:my|the|their|our)\s+(?:record|score|time|best|goal|high score)\b",
    r"\b(?:my|the)\s+(?:feet|back|head|knees?|legs?|stomach|tooth|teeth|hands?|arms?|eyes)\s+"
    r"(?:hurt|hurts|is hurting|are hurting|are killing|is killing)\b",
    r"\bhurts?\s+my\s+feelings\b",
    r"\bmy feelings (?:are|were|got) hurt\b",
    r"\bshot my shot\b|\btake a shot\b|\bshoot my shot\b|\bshoot me (?:an|a) (?:email|text|"
    r"message)\b",
    r"\bbreak a leg\b",
    r"\bkilled me lol\b|\bi am dead lol\b|\bim dead lol\b|\bi am so dead lol\b",
    r"\bme muero de (?:hambre|ganas|risa|sueno|frio|calor|la risa|verguenza|aburrimiento)\b",
    r"\bprimeros auxilios\b|\bfirstaid\b",
    r"\bsuicide\s+(?:prevention|hotline volunteer|awareness|training|course|class|squad)\b",
    r"\b(?:cut|cutting|dye|dyeing|dying)\s+(?:my|her|his|their|your)\s+hair\b",
    r"\b(?:want|wanna|going|gonna)\s+to\s+dye\s+(?:my|her|it|the)\b",
    r"\blocked\s+out\s+of\b",
    r"\bhit\s+(?:me|us)\s+up\b",
    r"\brather\s+die\s+than\b",
    r"\bkicked\s+(?:me|us)\s+out\s+of\s+(?:the|a|my|our)\s+(?:group|chat|group chat|class|"
    r"program|game|team|club|meeting|call)\b",
    r"\bpush(?:ed|es|ing)?\s+(?:me|us)\s+to\s+(?!the ground|the floor|the wall|the ground|"
    r"death)\w+",
    r"\blocked\s+into\s+(?:a|the|my|this)\s+(?:lease|contract|plan|deal|phone plan|rate)\b",
    r"\b(?:beat|beats|beating)\s+(?:me|us)\s+(?:at|in)\s+(?:chess|cards|checkers|pool|basketball"
    r"|the game|a game|uno|monopoly|video games|fortnite|dominoes|spades|racing|running|a race|"
    r"the race|math|trivia|scrabble|ping pong|tennis)\b",
    r"\b(?:die|died|dying|dead)\s+(?:of|from)\s+(?:embarrassment|boredom|laughter|laughing|shame"
    r"|hunger|cringe|happiness|excitement|curiosity|jealousy|envy|the heat|heat)\b",
    r"\bin danger of\s+(?:\w+ing|being (?:evicted|late|fired|kicked out|dropped))\b",
    r"\b(?:trapped|stuck)\s+in\s+(?:a|an|this|that|my|the)?\s*(?:\w+\s+){0,2}(?:job|jobs|career|"
    r"routine|position|lease|contract|cycle|rut|loop|traffic|line|class|program|town|elevator)\b",
]

# --- Spanish and Spanish/English mix --------------------------------------------------
# Over the same canonical text (accents gone: "años" is "anos", "daño" is "dano" and
# "hacer daño" is "hacerdano"). Spanish often drops the subject ("me va a matar"), so
# most of these need no person; idioms ("este trabajo me mata") are masked before.
# Violence done to someone, as an infinitive after "me va a" / "me quiere".
_ES_HARM = (
    r"(?:matar|pegar|golpear|lastimar|violar|ahorcar|estrangular|apunalar|acuchillar|"
    r"disparar|balear|quemar|secuestrar|desaparecer|hacerdano|madrear|torturar|"
    r"romper la cara|partir la cara|encerrar|vender|drogar|llevar lejos)"
)
_ES_HARM_ME = (
    r"(?:matarme|pegarme|golpearme|lastimarme|violarme|ahorcarme|estrangularme|"
    r"apunalarme|acuchillarme|dispararme|balearme|quemarme|secuestrarme|"
    r"desaparecerme|hacerme dano|madrearme|torturarme|encerrarme|venderme|drogarme|"
    r"matarnos|lastimarnos|hacernos dano)"
)
# Someone else's will, now ("va a", "quiere") and in the past ("iba a", "quiso").
_ES_WILL_NOW = (
    r"(?:va|van|va a|van a|quiere|quieren|piensa|piensan|esta por|esta a punto de|"
    r"amenaza con|amenazan con|jura que|juro que)"
)
_ES_WILL_PAST = (
    r"(?:iba|iban|iba a|iban a|queria|querian|quiso|quisieron|intento|intentaron|"
    r"trato de|trataron de|amenazo con|amenazaron con)"
)
_ES_FAMILY = (
    r"(?:hij[oa]s?|nin[oa]s?|bebes?|nen[ea]s?|chamac[oa]s?|chiquit[oa]s?|familia|mama|"
    r"mami|madre|papa|padre|herman[oa]s?|abuel[oa]s?|niet[oa]s?|sobrin[oa]s?)"
)
_ES_KIDS = r"(?:hij[oa]s?|nin[oa]s?|bebes?|nen[ea]s?|chamac[oa]s?|chiquit[oa]s?)"
_ES_DOCS = (
    r"(?:pasaporte|pasaportes|papeles|documentos|identificacion|id|visa|acta|actas|"
    r"credencial|mica|green card|permiso de trabajo|passport|papers)"
)
_ES_END = r"\s*(?:_distress\s*)*$"
_ES_REGEXES: list[tuple[str, str, str]] = [
    # --- danger from another person ---
    (
        "es_harm_intent",
        THREAT,
        rf"\bme\s+{_ES_WILL_NOW}\s+(?:a\s+)?{_ES_HARM}\b|\b{_ES_WILL_NOW}\s+(?:a\s+)?"
        rf"{_ES_HARM_ME}\b|\bme\s+(?:mata|matan|matara|mataran|mataria|matarian|pega|"
        r"golpea)\s+si\b|\bsi\b.{0,80}?\bme\s+(?:mata|matan|matara|mataran)\b|\b(?:dijo|dice|"
        r"dicen|dijeron|jura|juro|grita|grito|amenaza|amenazo)\s+que\s+(?:si\s+.{0,60}?)?me\s+"
        r"(?:mata|matan|matara|mataran|mataria|matarian)\b",
    ),
    (
        "es_harm_tried",
        THREAT,
        rf"\bme\s+{_ES_WILL_PAST}\s+(?:a\s+)?{_ES_HARM}\b|\b{_ES_WILL_PAST}\s+(?:a\s+)?"
        rf"{_ES_HARM_ME}\b",
    ),
    (
        "es_harm_done",
        THREAT,
        r"\bme\s+(?:pego|pegaron|golpeo|golpearon|violo|violaron|ahorco|ahorcaron|estrangulo|"
        r"estrangularon|apunalo|apunalaron|acuchillo|acuchillaron|disparo|dispararon|balearon|"
        r"pateo|patearon|cacheteo|cachetearon|abofeteo|arrastro|arrastraron|ataco|atacaron|"
        r"abuso|abusaron|agredio|agredieron|madreo|madrearon|asfixio|quiso matar|"
        r"rompio (?:la|el|un|una) (?:cara|nariz|brazo|boca|costilla|diente|pierna|labio|mano)|"
        r"viola|violan|ahorca|ahorcan|estrangula|patea|patean|cachetea|abofetea|abusa|abusan|"
        r"droga|drogan)"
        r"\b|\bme\s+(?:empujo|empujaron|aventaron|avento|tiro|tiraron)\s+(?:por|de|contra|al|"
        r"a la|en)\s+(?:las escaleras|la escalera|la pared|el piso|el suelo|la calle|el carro|"
        r"la cama)\b|\bme\s+(?:pusieron|puso|echaron|echo)\s+algo\s+en\s+(?:la|mi|el)\s+"
        r"(?:bebida|trago|copa|vaso|refresco|comida|cafe|cerveza)\b",
    ),
    (
        "es_pursuit",
        THREAT,
        r"\bme\s+(?:esta|estan|estaba|estaban|anda|andan|andaba|andaban|sigue|siguen|viene|"
        r"vienen)\s+(?:siguiendo|persiguiendo|buscando|vigilando|acosando|espiando|rastreando|"
        r"cazando|acechando)\b|\bme\s+(?:persigue|persiguen|persiguio|persiguieron|acosa|acosan|"
        r"acecha|acechan|espia|espian|rastrea|rastrean|vigila|vigilan)\b|\b(?:me|nos)\s+(?:sigue|"
        r"siguen|siguio|siguieron)\s+(?:a todas partes|a todos lados|hasta|en (?:un|el|su) "
        r"(?:carro|coche|camioneta|troca|moto)|desde|por la calle|otra vez|todo el tiempo)\b|"
        r"\b(?:un|una|el|la|ese|esa)\s+(?:carro|coche|camioneta|troca|hombre|tipo|senor|moto)\s+"
        r"me\s+(?:sigue|siguio|esta siguiendo|viene siguiendo)\b",
    ),
    (
        "es_found",
        THREAT,
        r"\bme\s+(?:encontro|encontraron|hallo|hallaron|localizo|localizaron|rastreo|"
        r"rastrearon)\b(?!\s+(?:un|una|unos|unas|trabajo|empleo|chamba|casa|cuarto|lugar|ayuda|"
        r"programa|curso|clases|abogad[oa]|refugio|departamento|apartamento|depa|escuela|"
        r"guarderia|beca|cita)\b)|(?<!no )\b(?:sabe|saben|descubrio|descubrieron|averiguo|"
        r"averiguaron)\s+(?:donde|en donde|a donde)\s+(?:vivo|estoy|trabajo|duermo|me quedo|"
        r"estamos|vivimos|me escondo|me estoy quedando)\b",
    ),
    (
        "es_presence",
        THREAT,
        r"\b(?:esta|estan|anda|andan)\s+(?:aqui\s+)?(?:afuera|outside)\b|(?:^|\b(?:el|ella|ellos|"
        r"ellas|ex|"
        r"esposo|marido|novio|pareja|padrote|tratante|chulo|proxeneta|jefe|patron|hombre|tipo|"
        r"alguien|padrastro|cliente)\s+)(?:ya\s+|otra vez\s+|aqui\s+|todavia\s+)?(?:esta|estan)"
        r"\s+(?:aqui\s+)?(?:en la puerta|en mi puerta|enfrente de (?:mi|la) casa|en la ventana|"
        r"abajo esperandome|en el pasillo)\b",
    ),
    (
        "es_door",
        THREAT,
        r"\b(?:esta|estan)\s+(?:golpeando|pateando|aporreando|tumbando|forzando|rompiendo)\s+"
        r"(?:la|mi)\s+(?:puerta|ventana)\b|\b(?:esta|estan)\s+tocando\s+(?:la|mi)\s+(?:puerta|"
        r"ventana)\s+(?:muy\s+)?(?:fuerte|y gritando|sin parar)\b|\b(?:quiere|quieren|trata de|"
        r"tratando de|intenta|intentando|va a|van a)\s+(?:tumbar|romper|patear|forzar)\s+(?:la|"
        r"mi)\s+(?:puerta|ventana)\b|\bse\s+(?:quiere|quieren|esta|estan|va a|van a|trata de|"
        r"intenta)\s+(?:meter|metiendo|entrar)\s+(?:a|en)\s+(?:la|mi)\s+(?:casa|cuarto|"
        r"apartamento|departamento|depa|habitacion|carro)\b|\b(?:quiere|quieren|trata de|"
        r"intenta|esta tratando de)\s+entrar\s+(?:a|en)\s+(?:la|mi)\s+(?:casa|cuarto|"
        r"apartamento|departamento|depa|habitacion)\s+(?:a la fuerza|por la fuerza|por la "
        r"ventana)\b",
    ),
    (
        "es_weapon",
        THREAT,
        r"\b(?:trae|traia|saco|agarro|anda con|esta con|viene con|tiene)\s+(?:una|un|su|la|el)\s+"
        r"(?:pistola|cuchillo|arma|navaja|machete|cuchilla|rifle|escopeta)\b(?!\s+(?:para "
        r"(?:cazar|cocinar)|de cocina))|\bme\s+(?:apunto|apunta|esta apuntando|amenazo|amenaza|"
        r"amenazaron)\s+con\s+(?:una|un|su|la|el)\s+(?:pistola|cuchillo|arma|navaja|machete)\b|"
        r"\b(?:pistola|cuchillo|arma|navaja)\s+en\s+(?:la|mi)\s+(?:cabeza|cuello|garganta|cara|"
        r"pecho)\b",
    ),
    (
        "es_family_threat",
        THREAT,
        rf"\b(?:amenazo|amenaza|amenazan|amenazaron|amenazando)\s+(?:a|con\s+\w+\s+a)\s+"
        rf"(?:mis?|nuestr[oa]s?)\s+{_ES_FAMILY}\b|\b(?:{_ES_WILL_NOW}|{_ES_WILL_PAST})\s+"
        rf"(?:a\s+)?(?:{_ES_HARM}|llevarse|robarse)\w*\s+(?:\w+\s+){{0,2}}?a\s+(?:mis?|"
        rf"nuestr[oa]s?)\s+{_ES_FAMILY}\b|\bse\s+(?:va a|van a|quiere|quieren|(?:los|las|lo|la)"
        rf"\s+(?:va|van|quiere|quieren)(?: a)?|piensa|amenazo con|amenaza con)\s+llevar\s+a\s+"
        rf"(?:mis?|nuestr[oa]s?)\s+{_ES_KIDS}\b(?!\s+(?:a|al)\s+(?:la |el |su |mi )?(?:escuela|"
        rf"parque|doctor|clase|cita|casa de|guarderia|iglesia|tienda|cine|paseo|playa|dentista)\b)"
        rf"|\bse\s+(?:llevo|llevaron|robo|robaron)\s+a\s+"
        rf"(?:mis?|nuestr[oa]s?)\s+{_ES_KIDS}\b",
    ),
    (
        "es_kids_leverage",
        TRAFFICKING_NOW,
        rf"\b(?:tiene|tienen|se llevo|se llevaron|agarro)\s+a\s+(?:mis?)\s+{_ES_KIDS}\b.{{0,80}}?"
        r"\b(?:no me (?:lo|la|los|las) (?:quiere|quieren|da|dan|devuelve|devuelven|regresa|"
        r"regresan)|hasta que|si no|tengo que|me obliga)",
    ),
    (
        "es_spanglish_docs",
        TRAFFICKING_NOW,
        rf"\b(?:he|she|they|my boss|el|ella|ellos)\s+(?:took|takes|has|have|keeps|kept|stole|"
        rf"got)\s+(?:mi|mis)\s+{_ES_DOCS}\b",
    ),
    # --- hurt now, medical emergency ---
    (
        "es_medical",
        DANGER_NOW,
        r"\b(?:estoy|estamos|sigo|me estoy|se esta)\s+(?:sangrando|desangrando)\b|\bsangro "
        r"mucho\b|\b(?:estoy|me estoy)\s+(?:ahogando|desmayando)\b(?!\s+(?:en|de|con)\b)|"
        r"\bno\s+(?:puede|podemos)\s+respirar\b",
    ),
    # --- self-harm ---
    (
        "es_want_die",
        SELF_HARM,
        r"\bme\s+(?:quiero|voy a|quisiera|dan ganas de|estoy pensando en)\s+(?:morir|matar|"
        r"suicidar|colgar|ahorcar|envenenar|quitar la vida)\b(?!\s+(?:de|del|si|estudiando|"
        r"trabajando)\b)|\b(?:quiero|quisiera|deseo|necesito|tengo ganas de|ganas de|voy a|pienso|"
        r"pensando en|pensado en|pienso en|solo quiero|prefiero|planeo|decidi)\s+(?:morir|"
        r"morirme|matarme|suicidarme|quitarme la vida|colgarme|ahorcarme|envenenarme|"
        r"lastimarme|hacerme dano|desaparecer para siempre|desaparecer|dejar de existir|"
        r"estar muert[oa]|"
        r"acabar con (?:todo|mi vida)|terminar con (?:todo|mi vida))\b(?!\s+(?:de|del|si|antes|"
        r"que|el|la|los|las)\b)|\bya no\s+(?:quiero|puedo)\s+(?:vivir|existir|estar viv[oa]|"
        r"seguir viviendo|seguir con vida)\b|\bquiero que\s+(?:todo|esto|mi vida|el dolor|ya "
        r"todo)\s+(?:se\s+)?(?:acabe|termine|pare)\b|\b(?:me canse|estoy cansad[oa]|estoy "
        r"hart[oa]|ya me harte)\s+de\s+(?:vivir|existir|seguir viviendo|estar viv[oa])\b",
    ),
    (
        "es_cutting",
        SELF_HARM,
        r"\bme\s+(?:estoy cortando|corto|corte|sigo cortando|volvi a cortar)(?:\s+(?:los|las|"
        r"mis)\s+(?:brazos|piernas|munecas|venas|muslos))?\b(?!\s+(?:el|la|los|las|lo|mi|mis|"
        r"un|una|al|del|de|y|pero|tu|su)\b)|\b(?:quiero|voy a|ganas de)\s+cortarme\s+(?:los|las|"
        r"mis)\s+(?:brazos|piernas|munecas|venas)\b",
    ),
    (
        "es_no_point",
        SELF_HARM,
        r"\b(?:no tiene|ya no tiene|no le veo|no hay|no le encuentro)\s+(?:ningun\s+)?sentido\s+"
        r"(?:a\s+)?(?:vivir|seguir viviendo|la vida|mi vida|estar viv[oa])\b|\bpara que\s+"
        r"(?:sigo\s+)?(?:vivir|viviendo|seguir viviendo|estoy viv[oa])\b|\bno vale la pena\s+"
        r"(?:vivir|seguir viviendo)\b|\bno hay razon para\s+(?:vivir|seguir viviendo)\b",
    ),
    (
        "es_better_dead",
        SELF_HARM,
        r"\b(?:seria|estaria|estarian|estariamos|es)\s+mejor\s+(?:si\s+(?:me muero|me muriera|"
        r"muero|me mato|me matara|no estuviera|desaparezco|desapareciera|ya no estoy)|sin mi|"
        r"muert[oa])\b|\bmejor\s+(?:me muero|me mato|muert[oa]|estar muert[oa])\b|\b(?:todos|"
        r"mis hijos|mi familia|ellos)\s+(?:estarian|estaran|vivirian|serian)\s+(?:mas felices|"
        r"mejor)\s+sin mi\b|\bnadie\s+(?:me\s+)?(?:extranaria|va a extranar|notaria)\b|\bojala\s+"
        r"(?:no\s+despierte|me muera|estuviera muert[oa]|no hubiera nacido)\b",
    ),
    (
        "es_dont_wake",
        SELF_HARM,
        r"\b(?:dormir|dormirme|acostarme)\s+y\s+(?:no|nunca|ya no)\s+(?:volver a\s+)?"
        r"despertar(?:me)?\b|\bno\s+(?:quiero\s+)?(?:volver a\s+)?despertar(?:me)?\s+(?:nunca|"
        r"mas|nunca mas)\b",
    ),
    (
        "es_pills",
        SELF_HARM,
        r"\b(?:pastillas|pildoras|tabletas|medicinas|pastis)\s+en\s+(?:la|mi)\s+mano\b|\btengo\s+"
        r"(?:las|unas|todas las|muchas)\s+(?:pastillas|pildoras)\s+(?:listas|aqui|conmigo)\b|"
        r"\b(?:me\s+)?(?:tome|trague|me acabo de tomar|acabo de tomar|me he tomado|he tomado)\s+"
        r"(?:muchas|todas|todas las|todas mis|un monton de|un frasco de|una caja de|demasiadas|"
        r"\d{2,}|veinte|treinta|cincuenta|un bote de|un puno de)\s*(?:de\s+)?(?:mis\s+|las\s+)?"
        r"(?:pastillas|pildoras|medicinas|medicamentos|tabletas|pastis|calmantes)\b|\b(?:me\s+)?"
        r"(?:tome|hice|tuve|meti|voy a tomar|voy a hacer)\s+una sobredosis\b",
    ),
    (
        "es_jump",
        SELF_HARM,
        r"\b(?:voy a|quiero|pienso|estoy a punto de|ganas de)\s+(?:aventarme|tirarme|lanzarme|"
        r"brincar|saltar)\s+(?:del|de un|de la|desde el|desde la|desde un|al|a las|a la|a un|"
        r"frente al|frente a un|por la)\s+(?:puente|edificio|techo|azotea|balcon|ventana|tren|"
        r"metro|vias|via|rio|precipicio|carro|camion|trafico)\b|\bme\s+(?:voy a|quiero)\s+"
        r"(?:aventar|tirar|lanzar)\s+(?:del|de un|de la|desde|al|a las|a la|frente al|por la)\s+"
        r"(?:puente|edificio|techo|azotea|balcon|ventana|tren|metro|vias|rio|precipicio|carro|"
        r"camion)\b|\b(?:puente|azotea|techo|edificio|vias|balcon)\b.{0,80}?\bme\s+(?:voy a|"
        r"quiero)\s+(?:aventar|tirar|lanzar)\b|\bestoy\s+(?:parad[oa]\s+)?(?:en la orilla del|"
        r"arriba del|en el borde del)\s+"
        r"(?:puente|edificio|techo)\b",
    ),
    # --- held, forced, trafficked right now ---
    (
        "es_docs",
        TRAFFICKING_NOW,
        rf"\b(?:me|se)\s+(?:quito|quitaron|quita|quitan|escondio|escondieron|esconde|esconden|"
        rf"retiene|retienen|rompio|rompieron|quemo|quemaron|robo|robaron|quedo con|quedaron con)"
        rf"\s+(?:el|mi|mis|los|las|todos mis|todos los)\s+(?:(?:\w+\s+){{0,3}}?(?:y|e)\s+(?:el|"
        rf"mi|mis|los|las)\s+)?{_ES_DOCS}\b|\bno\s+me\s+(?:da|dan|devuelve|devuelven|quiere dar|"
        rf"quieren dar|quiere devolver|quieren devolver|regresa|regresan)\s+(?:mi|mis|el|los)\s+"
        rf"(?:pasaporte|pasaportes|documentos|identificacion|passport)\b|\bno tengo\s+(?:mi|mis)\s+"
        rf"{_ES_DOCS}\b.{{0,60}}?\b(?:los|lo|las|la)\s+(?:tiene|tienen|guarda|guardan|quito|"
        rf"quitaron|escondio|escondieron)\b",
    ),
    (
        "es_held",
        TRAFFICKING_NOW,
        r"\bme\s+(?:tiene|tienen)\s+(?:aqui\s+)?(?:encerrad[oa]s?|atrapad[oa]s?|secuestrad[oa]s?|"
        r"amarrad[oa]s?|vigilad[oa]s?|trabajando sin pago|contra mi voluntad)\b|\bme\s+"
        r"(?:encierra|encierran|encerro|encerraron|amarro|amarraron|amarra|amarran)\b|\bcontra "
        r"mi voluntad\b|\bno\s+(?:me|nos)\s+(?:deja|dejan|quiere dejar|quieren dejar)\s+(?:salir|"
        r"ir|irme|escapar|ver a mi familia|hablar con nadie|usar el telefono|tener celular|"
        r"llamar a nadie)\b(?!\s+(?:temprano|antes|tarde|a la fiesta|de vacaciones|a comer|a "
        r"almorzar|al recreo|con mis amig[oa]s|los fines|el fin|a la clase|a clase|a la escuela|"
        r"a trabajar|del trabajo temprano)\b)",
    ),
    (
        "es_forced",
        TRAFFICKING_NOW,
        r"\bme\s+(?:esta|estan)\s+prostituyendo\b|\bme\s+(?:vende|venden|vendio|vendieron|renta|"
        r"rentan|presta|prestan|ofrece|ofrecen)\s+(?:a|con)\s+(?:otros?|unos?|los|sus|hombres|"
        r"clientes|senores|tipos|sus amigos)\b|\bvend(?:iendo|er|o)\s+mi\s+cuerpo\b|"
        r"\bme\s+(?:prostituye|prostituyen|prostituyo|"
        r"prostituyeron)\b|\bme\s+(?:obliga|obligan|obligo|obligaron|hace|hacen|manda|mandan|"
        r"pone|ponen|fuerza|fuerzan)\s+a\s+(?:acostarme|tener sexo|estar|coger|complacer|"
        r"prostituirme|venderme)\s+con\s+(?:hombres|clientes|senores|tipos|sus amigos|"
        r"desconocidos|el jefe|\d+)\b|\b(?:tengo que|me toca|debo)\s+(?:acostarme|tener sexo|"
        r"estar)\s+con\s+(?:hombres|clientes|el jefe|mi jefe|sus amigos|desconocidos|tipos|\d+)"
        r"\b",
    ),
    # --- help now, not safe ---
    (
        "es_help_now",
        DANGER_NOW,
        r"^(?:por favor\s+|please\s+|plz\s+)?(?:ayudame|ayudanos|ayudenos|help me|help)\s+"
        r"(?:por favor|please|plz|rapido|ya|urgente)(?:\s+(?:por favor|please|rapido|ya|"
        rf"urgente))*{_ES_END}|^(?:please|plz|por favor)\s+(?:ayudame|ayudanos|ayudenos|"
        rf"help me){_ES_END}|^(?:ayudanos|ayudenos){_ES_END}|^(?:peligro|auxilio|socorro)"
        rf"(?:\s+(?:auxilio|socorro|ayuda|ayudame|por favor|please))*{_ES_END}",
    ),
    (
        "es_call_police",
        DANGER_NOW,
        r"\b(?:llamen|llama|llamar|llamale|llamenle|marquen|marca|manden|mande|mandame|mandeme|"
        r"envien|necesito|necesitamos|traigan)\s+(?:a\s+)?(?:la\s+|una\s+|al\s+)?(?:policia|"
        r"patrulla|ambulancia|911)\b(?!\s+(?:para (?:un|mi|el) (?:reporte|record|"
        r"antecedentes)|reporte|record|antecedentes|de (?:mi|la) (?:ciudad|record)))",
    ),
    (
        "es_not_safe",
        DANGER_NOW,
        r"\bno\s+(?:estoy|estamos|me siento|nos sentimos)\s+(?:a salvo|segur[oa]s?|"
        r"protegid[oa]s?)\b(?!\s+(?:de|del|si|que|cual|como|cuando|donde|porque|por que|quien|"
        r"cuanto|para|con (?:la|el|mi|mis) (?:decision|programa|respuesta|trabajo|curso|"
        r"ingles|espanol)))|\b(?:mi vida|mis hijos|mi hij[oa]|mi familia|mi bebe)\s+(?:esta|"
        r"estan|corre|corren)\s+(?:en\s+)?peligro\b(?!\s+de\s+\w+(?:ar|er|ir)\b)|\b(?:me siento|"
        r"nos sentimos)\s+en\s+peligro\b|\b(?:estoy|estamos|sigo|seguimos)\s+en\s+"
        r"(?:grave\s+|mucho\s+)?peligro\b(?!\s+de\s+(?:perder|reprobar|ser desalojad|desalojo|"
        r"que me (?:corran|despidan)))",
    ),
    (
        "es_hiding",
        DANGER_NOW,
        r"\b(?:estoy|estamos)\s+(?:\w+\s+){0,4}?(?:escondid[oa]s?|escondiendome|escondiendonos)"
        r"\b|\bme\s+"
        r"(?:escondi|estoy escondiendo|tuve que esconder|escondo)\s+(?:en|de|debajo|detras|bajo|"
        rf"adentro)\b|\bme\s+(?:escondi|estoy escondiendo){_ES_END}",
    ),
    (
        "es_escape",
        DANGER_NOW,
        r"\bnecesito\s+(?:salir|escapar|escaparme|huir|irme|salirme)\s+(?:de aqui|de esta casa|"
        r"de ahi|ya|ahora|ahora mismo|hoy|esta noche|rapido|de este lugar|de con el)\b(?!\s+(?:a|"
        r"al|para|temprano|por)\b)|\bnecesito\s+(?:escapar|escaparme|huir)\b(?!\s+(?:de la "
        r"rutina|de vacaciones|un rato|del trabajo|de la ciudad)\b)|\bayuda(?:me|nos)?\s+a\s+"
        r"(?:escapar|salir de aqui|huir|escaparme|salir de esta casa|irme de aqui)\b",
    ),
    (
        "es_nowhere",
        DANGER_NOW,
        r"\bno tengo\s+(?:a\s+)?(?:donde|adonde|un lugar (?:seguro\s+)?(?:donde|para|a donde))\s+"
        r"(?:ir|dormir|quedarme|esconderme|pasar la noche)\b.{0,80}?\b(?:miedo|peligro|me corrio|"
        r"me corrieron|me echo|me echaron|me saco|me sacaron|me busca|esta noche|hoy|ahorita)\b|"
        r"\bno tengo\s+(?:a\s+)?donde\s+esconderme\b|\bme\s+(?:corrio|corrieron|echo|echaron)\s+"
        r"de\s+(?:la|mi)\s+casa\b.{0,80}?\b(?:miedo|no tengo|noche|hoy|peligro)\b",
    ),
    (
        "es_emergency",
        DANGER_NOW,
        r"^(?:es\s+|esto es\s+|tengo\s+|hay\s+)?(?:una\s+)?emergencia\b(?!\s+(?:de|con|para|en|"
        r"del|familiar|medica para|economica)\b)|\b(?:es|tengo|hay|esto es)\s+una\s+emergencia"
        r"\b(?!\s+(?:de|con|para|en|del|familiar|economica)\b)|\bemergencia\s+(?:ayuda|ayudame|"
        rf"por favor|ya|urgente){_ES_END}",
    ),
]
REGEXES += _ES_REGEXES

# Spanish idioms, masked like the English ones: things that "kill", dying of hunger.
_ES_THINGS = (
    r"(?:trabajo|jale|chamba|calor|frio|sol|trafico|tarea|tareas|formulario|formularios|"
    r"papeleo|forma|formas|solicitud|solicitudes|examen|examenes|entrevista|entrevistas|clase|"
    r"clases|curso|escuela|turno|turnos|renta|cuentas|deudas|pies|espalda|cabeza|rodillas|"
    r"piernas|muela|muelas|estres|ansiedad|hambre|sueno|curiosidad|espera|fila|cola|camion|"
    r"bus|programa|proceso|horario|cancion|pelicula|serie|novela|chiste|chistes|risa|"
    r"suspenso|desvelada|cruda|dieta|gym|gimnasio|trafico|tiempo)"
)
IDIOMS += [
    r"\b(?:muero|muere|morimos|mori|morir|morirme|muriendo|muerta|muerto|muertas|muertos|moria|"
    r"moriria|me muera)\s+(?:de|del)\s+(?:hambre|ganas|risa|la risa|sueno|frio|calor|verguenza|"
    r"pena|aburrimiento|cansancio|nervios|envidia|celos|amor|sed|gusto|alegria|emocion|"
    r"curiosidad|flojera|la curiosidad|los nervios)\b",
    r"\b(?:me\s+)?muero\s+por\b",
    r"\b(?:mataria|matarias|mataba)\s+por\b",
    r"\b(?:matar|mate|matando|matamos)\s+(?:el\s+)?(?:tiempo|rato)\b",
    r"\b(?:matar?|matan|matando|mato)\s+de\s+(?:risa|la risa|hambre|aburrimiento|un susto|susto|"
    r"sueno|cansancio|"
    r"los nervios|nervios|un coraje|coraje)\b",
    rf"\b(?:el|la|los|las|este|esta|estos|estas|ese|esa|esos|esas|mi|mis|tanto|tanta|tantos|"
    rf"tantas|tu|tus)\s+{_ES_THINGS}\s+(?:me|nos)\s+(?:mata|matan|mato|mataron|esta matando|"
    rf"estan matando|va a matar|van a matar|tiene muert[oa]|tienen muert[oa])\b",
    rf"\bme\s+(?:mata|matan|esta matando|estan matando|mato)\s+(?:el|la|los|las|este|esta|estos|"
    rf"estas|mi|mis)\s+{_ES_THINGS}\b",
    r"\b(?:celular|telefono|cel|bateria|pila|carro|coche|compu|computadora|laptop|planta|"
    r"plantas|tele)\s+(?:se\s+)?(?:esta muriendo|se murio|murio|se muere|muerto|muerta)\b|"
    r"\bse\s+(?:me\s+)?(?:murio|muere|esta muriendo)\s+(?:el|la|mi)\s+(?:celular|telefono|cel|"
    r"bateria|pila|carro|coche|compu|computadora|laptop|planta|tele)\b",
    r"\bme\s+(?:pego|pega|pegaron|dio|ataco)\s+(?:la|el|un|una)\s+(?:gripa|gripe|covid|"
    r"resfriado|virus|sol|flojera|sueno|ansiedad|panico|tos|calentura|fiebre|hambre|"
    r"ataque de (?:ansiedad|panico|risa))\b|\bse me pego\b|\bme quemo el sol\b",
    r"\bme\s+(?:empujo|empuja|empujaron)\s+a\s+\w+(?:ar|er|ir)\b",
    r"\bme\s+(?:pega|pego|pegan|pegaron|dio|dieron)\s+(?:un|unos|los|tremendo|de)\s+(?:grito|"
    r"gritos|susto|sustos|regano|reganada)\b",
    r"\b(?:mi|mis|el|la)\s+(?:hij[oa]s?|nin[oa]s?|bebes?|perr[oa]|gat[oa]|nen[ea]|sobrin[oa]|"
    r"chiquit[oa])\s+(?:\w+\s+)?me\s+(?:pega|pego|pegan|patea|pateo|muerde|mordio)\b",
    r"\b(?:atrapad[oa]s?|estancad[oa]s?)\s+en\s+(?:un|una|este|esta|mi|el|la|ese|esa)?\s*"
    r"(?:\w+\s+){0,2}?(?:trabajo|empleo|chamba|rutina|contrato|pueblo|trafico|fila|clase|"
    r"programa|ascensor|elevador|tarea|formulario|curso)\b",
    r"\bno estoy segur[oa]s?\s+(?:de|del|si|que|cual|como|cuando|donde|porque|quien|cuant[oa]s?"
    r"|para)\b",
    r"\b(?:prevencion|prevenir|linea de prevencion)\s+(?:del|de|el)\s+suicidio\b",
]
