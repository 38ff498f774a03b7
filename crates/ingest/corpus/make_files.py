#!/usr/bin/env python3
"""Makes the six corpus files produced by other programs (ReportLab 4.x/5.x PDFs, python-docx DOCX).

Their labels are in the matching NN-*.toml files. Run from this folder: pip install reportlab python-docx && python3 make_files.py
"""
import os
OUT = os.path.dirname(os.path.abspath(__file__))
from reportlab.lib.pagesizes import letter
from reportlab.platypus import SimpleDocTemplate, Paragraph, Spacer, Table, Frame, PageTemplate, BaseDocTemplate, FrameBreak
from reportlab.lib.styles import getSampleStyleSheet
import docx
S=getSampleStyleSheet()
FILES=OUT+'/files'
os.makedirs(FILES, exist_ok=True)
EXT=[]
def ext(slug, ext_, name, email, phone, location, roles, skills, certs=()):
    EXT.append(dict(slug=slug, file=f"files/{slug}.{ext_}", name=name, email=email, phone=phone, location=location, roles=roles, skills=skills, certs=certs))

# 1. ReportLab, one column, paragraphs with bold headings.
def rl_simple(path, paras):
    doc = SimpleDocTemplate(path, pagesize=letter, title="Resume", author="", creator="", producer="ReportLab")
    story=[]
    for kind, text in paras:
        story.append(Paragraph(text, S['Title'] if kind=='t' else S['Heading2'] if kind=='h' else S['BodyText']))
    doc.build(story)
rl_simple(FILES+"/rl-epic-security.pdf", [
 ('t',"Andre Williams"),
 ('p',"Detroit, MI 48201 &middot; andre.williams@example.com &middot; (313) 555-0138"),
 ('h',"Experience"),
 ('p',"<b>Epic Security Coordinator</b>, Henry Ford Health &nbsp; Mar 2017 &ndash; Present"),
 ('p',"&bull; Provisioned Epic security classes and templates; ECSA duties for Hyperspace and Citrix."),
 ('p',"<b>Identity Access Analyst</b>, Beaumont Health &nbsp; Jun 2012 &ndash; Feb 2017"),
 ('p',"&bull; Active Directory and Imprivata single sign-on."),
 ('h',"Certifications"),
 ('p',"Epic Certified, Security Coordinator, 2018"),
])
ext("rl-epic-security","pdf","Andre Williams","andre.williams@example.com","(313) 555-0138","Detroit, MI",
 [("Epic Security Coordinator","Henry Ford Health","2017-03","present"),("Identity Access Analyst","Beaumont Health","2012-06","2017-02")],
 ["epic.security","epic.ecsa","epic","citrix","active_directory"], [("epic.security","certified")])

# 2. ReportLab, two frames (sidebar then main), as resume templates lay out.
def rl_two(path, side, main):
    doc = BaseDocTemplate(path, pagesize=letter, title="Resume")
    w,h=letter
    fs=[Frame(36,36,170,h-72,id='side'), Frame(220,36,w-256,h-72,id='main')]
    doc.addPageTemplates([PageTemplate(id='two', frames=fs)])
    story=[]
    for kind,text in side:
        story.append(Paragraph(text, S['Heading2'] if kind=='h' else S['BodyText']))
    story.append(FrameBreak())
    for kind,text in main:
        story.append(Paragraph(text, S['Title'] if kind=='t' else S['Heading2'] if kind=='h' else S['BodyText']))
    doc.build(story)
rl_two(FILES+"/rl-two-column-lab.pdf",
 [('h',"Contact"),('p',"nora.schmidt@example.com"),('p',"(608) 555-0175"),('p',"Madison, WI 53792"),
  ('h',"Skills"),('p',"Epic Beaker AP"),('p',"CoPath"),('p',"LOINC"),('p',"HL7 v2")],
 [('t',"Nora Schmidt"),('h',"Experience"),
  ('p',"<b>Anatomic Pathology Systems Analyst</b>, UW Health &nbsp; Aug 2018 &ndash; Present"),
  ('p',"Moved the pathology lab from CoPath to Epic Beaker AP; LOINC mapping for results."),
  ('p',"<b>Histotechnologist</b>, SSM Health &nbsp; May 2011 &ndash; Jul 2018"),
  ('p',"Histology bench work and specimen tracking."),
  ('h',"Education"),('p',"B.S. Biology, University of Wisconsin, 2011")])
ext("rl-two-column-lab","pdf","Nora Schmidt","nora.schmidt@example.com","(608) 555-0175","Madison, WI",
 [("Anatomic Pathology Systems Analyst","UW Health","2018-08","present"),("Histotechnologist","SSM Health","2011-05","2018-07")],
 ["epic.beaker_ap","copath","terminology.loinc","hl7.v2"])

# 3. ReportLab with a table of roles.
doc = SimpleDocTemplate(FILES+"/rl-table-roles.pdf", pagesize=letter, title="Resume")
story=[Paragraph("Isabel Fernandez", S['Title']),
 Paragraph("San Antonio, TX 78229 | isabel.fernandez@example.com | 210-555-0153", S['BodyText']),
 Paragraph("Work Experience", S['Heading2']),
 Table([["Epic Grand Central Analyst","University Health","Apr 2016 – Present"],
        ["Bed Management Coordinator","CHRISTUS Santa Rosa","Jan 2011 – Mar 2016"]]),
 Paragraph("Built ADT and bed planning workflows in Grand Central; Identity patient matching.", S['BodyText'])]
doc.build(story)
ext("rl-table-roles","pdf","Isabel Fernandez","isabel.fernandez@example.com","210-555-0153","San Antonio, TX",
 [("Epic Grand Central Analyst","University Health","2016-04","present"),("Bed Management Coordinator","CHRISTUS Santa Rosa","2011-01","2016-03")],
 ["epic.grand_central","epic.identity"])

# 4. python-docx: Word styles, real list numbering, contact in the page header.
d=docx.Document()
hdr=d.sections[0].header.paragraphs[0]
hdr.text="Thomas Reed · Indianapolis, IN 46202 · thomas.reed@example.com · (317) 555-0129"
d.add_heading("Experience", level=1)
p=d.add_paragraph(); p.add_run("Epic Orders Analyst").bold=True; p.add_run(", IU Health    Oct 2017 – Present")
d.add_paragraph("Order sets and preference lists in Epic Orders; CPOE optimisation.", style="List Bullet")
d.add_paragraph("SmartSets reviewed with the pharmacy and therapeutics committee.", style="List Bullet")
p=d.add_paragraph(); p.add_run("Clinical Systems Specialist").bold=True; p.add_run(", Eskenazi Health    Jan 2012 – Sep 2017")
d.add_paragraph("Supported Epic ClinDoc flowsheets and Haiku for physicians.", style="List Bullet")
d.add_heading("Certifications", level=1)
d.add_paragraph("Epic Certified, Inpatient Orders, 2018")
d.save(FILES+"/docx-orders-header.docx")
ext("docx-orders-header","docx","Thomas Reed","thomas.reed@example.com","(317) 555-0129","Indianapolis, IN",
 [("Epic Orders Analyst","IU Health","2017-10","present"),("Clinical Systems Specialist","Eskenazi Health","2012-01","2017-09")],
 ["epic.orders","epic.clindoc","epic.haiku_canto_rover"], [("epic.orders","certified")])

# 5. python-docx with a roles table (employer | title | dates).
d=docx.Document()
d.add_heading("Megan Price", level=0)
d.add_paragraph("Charlotte, NC 28204 | megan.price@example.com | (704) 555-0187")
d.add_heading("Employment History", level=1)
t=d.add_table(rows=2, cols=3)
for i,(a,b,c) in enumerate([("Atrium Health","Epic Healthy Planet Analyst","May 2019 – Present"),("Novant Health","Population Health Coordinator","Jul 2013 – Apr 2019")]):
    t.cell(i,0).text=a; t.cell(i,1).text=b; t.cell(i,2).text=c
d.add_paragraph("Registries and care gaps in Healthy Planet; Compass Rose care management build; Power BI dashboards.")
d.save(FILES+"/docx-table-pophealth.docx")
ext("docx-table-pophealth","docx","Megan Price","megan.price@example.com","(704) 555-0187","Charlotte, NC",
 [("Epic Healthy Planet Analyst","Atrium Health","2019-05","present"),("Population Health Coordinator","Novant Health","2013-07","2019-04")],
 ["epic.healthy_planet","epic.compass_rose","power_bi"])

# 6. python-docx, a non-healthcare career with a two-column table layout.
d=docx.Document()
t=d.add_table(rows=1, cols=2)
left=t.cell(0,0); left.text="Skills"
left.add_paragraph("Welding"); left.add_paragraph("Blueprint reading"); left.add_paragraph("OSHA safety")
right=t.cell(0,1); right.text="Jake Miller"
right.add_paragraph("Wichita, KS 67202 · jake.miller@example.com · (316) 555-0108")
right.add_paragraph("Experience")
right.add_paragraph("Lead Welder, Spirit AeroSystems | Mar 2015 – Present")
right.add_paragraph("Fabricated airframe assemblies to spec.")
right.add_paragraph("Welder, Koch Industries | Jun 2009 – Feb 2015")
d.save(FILES+"/docx-welder-two-column.docx")
ext("docx-welder-two-column","docx","Jake Miller","jake.miller@example.com","(316) 555-0108","Wichita, KS",
 [("Lead Welder","Spirit AeroSystems","2015-03","present"),("Welder","Koch Industries","2009-06","2015-02")],
 [])
